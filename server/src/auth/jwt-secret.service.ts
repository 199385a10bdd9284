import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config';
import { SettingEntity } from './setting.entity';

/** The token signing secret: JWT_SECRET, else one generated at first start and kept in the database. */
@Injectable()
export class JwtSecretService implements OnModuleInit {
  private secret = '';

  constructor(
    @InjectRepository(SettingEntity) private readonly settings: Repository<SettingEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.jwtSecret) {
      this.secret = this.config.jwtSecret;
      return;
    }
    // the first instance to start stores its secret; every other keeps the stored one
    await this.settings.createQueryBuilder().insert().values({ key: 'jwt_secret', value: randomBytes(48).toString('base64url') }).orIgnore().updateEntity(false).execute();
    this.secret = (await this.settings.findOneByOrFail({ key: 'jwt_secret' })).value;
  }

  get value(): string {
    return this.secret;
  }
}
