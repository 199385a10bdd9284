import { Module } from '@nestjs/common';
import { PackRunner } from './pack-runner.service';
import { PacksController } from './packs.controller';
import { PacksService } from './packs.service';

@Module({ controllers: [PacksController], providers: [PacksService, PackRunner], exports: [PacksService, PackRunner] })
export class PacksModule {}
