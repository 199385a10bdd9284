import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/roles';

/** Liveness with a database ping, outside /api/v1 so load balancers need no version. */
@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(private readonly db: DataSource) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Up, and the database answers (503 when it does not).' })
  async health(@Res({ passthrough: true }) res: Response) {
    const started = Date.now();
    try {
      // a ping that reads no table: nothing for a repository to do
      await this.db.query('SELECT 1');
      return { status: 'ok', database: 'ok', latencyMs: Date.now() - started };
    } catch {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', database: 'unreachable' };
    }
  }
}
