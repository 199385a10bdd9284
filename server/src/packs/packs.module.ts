import { Module } from '@nestjs/common';
import { PackRunner } from './pack-runner.service';
import { EvalPool } from '../common/eval-pool/eval-pool';
import { PacksController } from './packs.controller';
import { PacksService } from './packs.service';

@Module({ controllers: [PacksController], providers: [PacksService, PackRunner, EvalPool], exports: [PacksService, PackRunner, EvalPool] })
export class PacksModule {}
