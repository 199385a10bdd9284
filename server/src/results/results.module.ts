import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EvaluationEntity } from '../evaluations/evaluation.entity';
import { ResultsController } from './results.controller';
import { ResultsService } from './results.service';

@Module({ imports: [TypeOrmModule.forFeature([EvaluationEntity])], controllers: [ResultsController], providers: [ResultsService] })
export class ResultsModule {}
