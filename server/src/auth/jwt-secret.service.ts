import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config';

/** The token signing secret: JWT_SECRET, else one generated at first start and kept in the database. */
@Injectable()
export class JwtSecretService implements OnModuleInit {
  private secret = '';

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.jwtSecret) {
      this.secret = this.config.jwtSecret;
      return;
    }
    await this.db.query(`INSERT INTO settings (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING`, [
      randomBytes(48).toString('base64url'),
    ]);
    const rows: { value: string }[] = await this.db.query(`SELECT value FROM settings WHERE key = 'jwt_secret'`);
    this.secret = rows[0].value;
  }

  get value(): string {
    return this.secret;
  }
}
