import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PacksModule } from '../packs/packs.module';
import { EvaluationEntity } from './evaluation.entity';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';

@Module({
  imports: [PacksModule, TypeOrmModule.forFeature([EvaluationEntity])],
  controllers: [EvaluationsController],
  providers: [EvaluationsService],
  exports: [EvaluationsService, TypeOrmModule],
})
export class EvaluationsModule {}
