import { Module } from '@nestjs/common';
import { PacksModule } from '../packs/packs.module';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';

@Module({ imports: [PacksModule], controllers: [EvaluationsController], providers: [EvaluationsService], exports: [EvaluationsService] })
export class EvaluationsModule {}
