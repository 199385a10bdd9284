import 'reflect-metadata';
import { Body, Controller, HttpCode, Inject, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { KpValidationError, type Pack } from '../../server/src/engine';
import { contentHash, PackRunner } from '../../server/src/packs/pack-runner.service';
import { loadPack } from '../lib/packs';

/**
 * The benchmark's Nest app (run as a child process): the server's own PackRunner (compile cache,
 * envelope validation, evaluate) behind a controller shaped like the real route
 * POST /orgs/:orgId/packs/:packId/evaluate, next to a bare endpoint that returns a constant. The real
 * route also reads the org, the deployment and stored history from PostgreSQL; that is not measured here.
 */
const PACK: Pack = loadPack('rehab-member-stars', '1.0.0');
const HASH = contentHash(PACK);
const CONSTANT = { ok: true };

@Controller()
class EvaluateController {
  constructor(@Inject(PackRunner) private readonly runner: PackRunner) {}

  @Post('orgs/:orgId/packs/:packId/evaluate')
  @HttpCode(200)
  evaluate(@Param('packId') _packId: string, @Body() body: unknown) {
    const compiled = this.runner.compile(PACK, HASH);
    const errors = this.runner.validateEnvelope(compiled, body);
    if (errors.length) throw new KpValidationError(errors, 'input');
    return this.runner.evaluate(compiled, body);
  }
}

@Controller()
class BareController {
  @Post('bare')
  @HttpCode(200)
  bare(@Body() _body: unknown) {
    return CONSTANT;
  }
}

@Module({ controllers: [EvaluateController, BareController], providers: [PackRunner] })
class BenchModule {}

async function main() {
  const app = await NestFactory.create(BenchModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const addr = app.getHttpServer().address();
  process.send?.({ port: addr.port });
  process.on('message', async (m) => {
    if (m === 'stop') {
      await app.close();
      process.exit(0);
    }
  });
}

void main();
