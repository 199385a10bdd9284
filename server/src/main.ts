import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app/configure';
import { loadConfig } from './config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded';

/** `npm start`: the API and the admin UI on one port, on DATABASE_URL or else on the embedded PostgreSQL in ./data. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new Logger('Kaoping');
  let embedded: EmbeddedPostgres | null = null;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPort);
    config.databaseUrl = embedded.url;
    config.poolMax = 1;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, bufferLogs: false });
  configureApp(app, config);
  await app.listen(config.port, config.host);
  logger.log(`Kaoping on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (API /api/v1, docs /api/docs)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  new Logger('Kaoping').error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
