import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import express from 'express';
import { sharedUploadAdmission, UPLOAD_LIMIT } from '../datasets/xlsx-limits';
import { EvaluationEntity } from '../evaluations/evaluation.entity';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { PacksModule } from '../packs/packs.module';
import { PeriodJobEntity } from './period-job.entity';
import { PeriodUploadEntity } from './period-upload.entity';
import { PeriodsController } from './periods.controller';
import { PeriodsService } from './periods.service';

@Module({ imports: [PacksModule, EvaluationsModule, TypeOrmModule.forFeature([PeriodUploadEntity, PeriodJobEntity, EvaluationEntity])], controllers: [PeriodsController], providers: [PeriodsService] })
export class PeriodsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // raw file bytes, as POST /datasets/upload takes them, under the same memory budget as that route
    consumer.apply(sharedUploadAdmission(), express.raw({ type: () => true, limit: UPLOAD_LIMIT })).forRoutes({ path: 'orgs/:orgId/packs/:packId/periods/:period/upload', method: RequestMethod.POST });
  }
}
