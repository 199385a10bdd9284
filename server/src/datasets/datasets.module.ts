import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import express from 'express';
import { PacksModule } from '../packs/packs.module';
import { DatasetsController } from './datasets.controller';
import { DatasetsService } from './datasets.service';
import { parseSize, uploadAdmission } from './xlsx-limits';

/** Uploads are raw file bytes; the JSON body limit does not apply to them. */
const UPLOAD_LIMIT = process.env.KP_UPLOAD_LIMIT ?? '200mb';

@Module({ imports: [PacksModule], controllers: [DatasetsController], providers: [DatasetsService], exports: [DatasetsService] })
export class DatasetsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // the bodies received at once share a memory budget before express.raw buffers them (503 past it)
    const admission = uploadAdmission(Number(process.env.KP_UPLOAD_MEMORY_MB ?? 400) * 1024 * 1024, parseSize(UPLOAD_LIMIT));
    consumer.apply(admission, express.raw({ type: () => true, limit: UPLOAD_LIMIT })).forRoutes({ path: 'datasets/upload', method: RequestMethod.POST });
  }
}
