import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import express from 'express';
import { parseSize, uploadAdmission } from '../datasets/xlsx-limits';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { PacksModule } from '../packs/packs.module';
import { PeriodsController } from './periods.controller';
import { PeriodsService } from './periods.service';

/** Uploads are raw file bytes (as POST /datasets/upload takes them); the JSON body limit does not apply. */
const UPLOAD_LIMIT = process.env.KP_UPLOAD_LIMIT ?? '200mb';

@Module({ imports: [PacksModule, EvaluationsModule], controllers: [PeriodsController], providers: [PeriodsService] })
export class PeriodsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    const admission = uploadAdmission(Number(process.env.KP_UPLOAD_MEMORY_MB ?? 400) * 1024 * 1024, parseSize(UPLOAD_LIMIT));
    consumer.apply(admission, express.raw({ type: () => true, limit: UPLOAD_LIMIT })).forRoutes({ path: 'orgs/:orgId/packs/:packId/periods/:period/upload', method: RequestMethod.POST });
  }
}
