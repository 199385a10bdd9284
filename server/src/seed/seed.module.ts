import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SettingEntity } from '../auth/setting.entity';
import { DeploymentsModule } from '../deployments/deployments.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { OrgEntity } from '../orgs/org.entity';
import { PacksModule } from '../packs/packs.module';
import { UserEntity } from '../users/user.entity';
import { SeedService } from './seed.service';

@Module({ imports: [PacksModule, DeploymentsModule, EvaluationsModule, TypeOrmModule.forFeature([SettingEntity, OrgEntity, UserEntity])], providers: [SeedService] })
export class SeedModule {}
