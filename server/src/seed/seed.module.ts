import { Module } from '@nestjs/common';
import { DeploymentsModule } from '../deployments/deployments.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { PacksModule } from '../packs/packs.module';
import { SeedService } from './seed.service';

@Module({ imports: [PacksModule, DeploymentsModule, EvaluationsModule], providers: [SeedService] })
export class SeedModule {}
