import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PackRunner } from './pack-runner.service';
import { EvalPool } from '../common/eval-pool/eval-pool';
import { PacksController } from './packs.controller';
import { PacksService } from './packs.service';
import { PackVersionEntity } from './pack-version.entity';
import { PackEntity } from './pack.entity';

@Module({
  imports: [TypeOrmModule.forFeature([PackEntity, PackVersionEntity])],
  controllers: [PacksController],
  providers: [PacksService, PackRunner, EvalPool],
  exports: [PacksService, PackRunner, EvalPool, TypeOrmModule],
})
export class PacksModule {}
