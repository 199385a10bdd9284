import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles';
import { inputError, parseBody } from '../common/body';
import { SimulationsService, type NewSimulation } from './simulations.service';
import type { SimulationResult, SubjectTraces } from '../api-types';

const PARAMS = { type: 'object' };
const SWEEP = {
  type: 'object',
  required: ['parameter', 'from', 'to', 'step'],
  additionalProperties: false,
  properties: { parameter: { type: 'string', minLength: 1 }, from: { type: 'number' }, to: { type: 'number' }, step: { type: 'number' }, variant: { type: 'integer', minimum: 0 } },
};
const body = (sweepRequired: boolean) => ({
  type: 'object',
  required: ['datasetId', 'baseline', ...(sweepRequired ? ['sweep'] : [])],
  additionalProperties: false,
  properties: {
    datasetId: { type: 'string' },
    baseline: {
      type: 'object',
      additionalProperties: false,
      description: 'A pack version ({ packId, version }), or a deployment ({ deploymentId }): its version with the locality’s own parameter values; parameters apply on top.',
      properties: { packId: { type: 'string' }, version: { type: 'string' }, deploymentId: { type: 'string' }, parameters: PARAMS },
    },
    variants: {
      type: 'array',
      maxItems: 20,
      items: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, version: { type: 'string' }, document: { type: 'object' }, parameters: PARAMS } },
    },
    sweep: SWEEP,
    options: { type: 'object', additionalProperties: false, properties: { breakdownBy: { type: ['string', 'null'] }, maxChanged: { type: 'integer', minimum: 0 } } },
  },
});
const SIMULATE_BODY = body(false);
const SWEEP_BODY = body(true);

@ApiTags('simulations')
@ApiBearerAuth()
@Roles('analyst')
@Controller('simulations')
export class SimulationsController {
  constructor(private readonly sims: SimulationsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a simulation: a dataset under a baseline pack version and variants (overrides, another version, or a draft document).' })
  @ApiBody({ schema: SIMULATE_BODY })
  create(@CurrentUser() user: Principal, @Body() b: unknown) {
    return this.sims.create(user, parseBody<NewSimulation>(SIMULATE_BODY, b), 'simulate');
  }

  @Post('sweep')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a sweep: one parameter from → to in steps, one summary row per step.' })
  @ApiBody({ schema: SWEEP_BODY })
  sweep(@CurrentUser() user: Principal, @Body() b: unknown) {
    return this.sims.create(user, parseBody<NewSimulation>(SWEEP_BODY, b), 'sweep');
  }

  @Get()
  list(@CurrentUser() user: Principal) {
    return this.sims.list(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status, progress (0..1), figures (time, memory) and error of a simulation job.' })
  get(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.sims.get(user, id);
  }

  @Get(':id/result')
  @ApiOperation({ summary: 'The stored result: the same JSON as `rules simulate` prints (409 until completed).' })
  result(@CurrentUser() user: Principal, @Param('id') id: string): Promise<SimulationResult> {
    return this.sims.result(user, id);
  }

  @Get(':id/export.xlsx')
  async export(@CurrentUser() user: Principal, @Param('id') id: string, @Res() res: Response) {
    const buf = await this.sims.exportXlsx(user, id);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="simulation-${id}.xlsx"`);
    res.end(buf);
  }

  @Get(':id/trace')
  @ApiOperation({ summary: 'Both traces (baseline and variant) of one subject-period, evaluated on request.' })
  trace(@CurrentUser() user: Principal, @Param('id') id: string, @Query('variant') variant?: string, @Query('period') period?: string, @Query('subject') subject?: string): Promise<SubjectTraces> {
    if (!variant || !period || !subject) throw inputError(!variant ? '/variant' : !period ? '/period' : '/subject', '缺少查询参数', 'variant, period and subject are required');
    return this.sims.trace(user, id, variant, period, subject);
  }

  @Post(':id/cancel')
  @HttpCode(200) // changes the job's status, creates nothing
  @ApiOperation({ summary: 'Cancel a queued or running job; a running worker stops and stores nothing.' })
  cancel(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.sims.cancel(user, id);
  }
}
