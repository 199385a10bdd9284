import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import express from 'express';
import { PacksModule } from '../packs/packs.module';
import { DatasetChunkEntity } from './dataset-chunk.entity';
import { DatasetEntity } from './dataset.entity';
import { DatasetsController } from './datasets.controller';
import { DatasetsService } from './datasets.service';
import { sharedUploadAdmission, UPLOAD_LIMIT } from './xlsx-limits';

@Module({ imports: [PacksModule, TypeOrmModule.forFeature([DatasetEntity, DatasetChunkEntity])], controllers: [DatasetsController], providers: [DatasetsService], exports: [DatasetsService] })
export class DatasetsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // the bodies received at once share a memory budget before express.raw buffers them (503 past it)
    consumer.apply(sharedUploadAdmission(), express.raw({ type: () => true, limit: UPLOAD_LIMIT })).forRoutes({ path: 'datasets/upload', method: RequestMethod.POST });
  }
}
