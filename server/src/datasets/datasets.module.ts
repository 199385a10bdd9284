import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import express from 'express';
import { PacksModule } from '../packs/packs.module';
import { DatasetsController } from './datasets.controller';
import { DatasetsService } from './datasets.service';

/** Uploads are raw file bytes; the JSON body limit does not apply to them. */
const UPLOAD_LIMIT = process.env.KP_UPLOAD_LIMIT ?? '200mb';

@Module({ imports: [PacksModule], controllers: [DatasetsController], providers: [DatasetsService], exports: [DatasetsService] })
export class DatasetsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(express.raw({ type: () => true, limit: UPLOAD_LIMIT })).forRoutes({ path: 'datasets/upload', method: RequestMethod.POST });
  }
}
