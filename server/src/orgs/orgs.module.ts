import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrgEntity } from './org.entity';
import { OrgsController } from './orgs.controller';
import { OrgsService } from './orgs.service';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([OrgEntity])], controllers: [OrgsController], providers: [OrgsService], exports: [OrgsService] })
export class OrgsModule {}
