import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { PacksModule } from '../packs/packs.module';
import { SimulationsController } from './simulations.controller';
import { SimulationsService } from './simulations.service';

@Module({ imports: [PacksModule, DatasetsModule], controllers: [SimulationsController], providers: [SimulationsService] })
export class SimulationsModule {}
