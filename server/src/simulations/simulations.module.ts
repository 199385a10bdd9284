import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { DeploymentsModule } from '../deployments/deployments.module';
import { PacksModule } from '../packs/packs.module';
import { SimulationsController } from './simulations.controller';
import { SimulationsService } from './simulations.service';

@Module({ imports: [PacksModule, DatasetsModule, DeploymentsModule], controllers: [SimulationsController], providers: [SimulationsService] })
export class SimulationsModule {}
