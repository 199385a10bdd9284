import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles';
import { ENVELOPE_SCHEMA } from '../packs/envelope-shape';
import { EvaluationsService } from './evaluations.service';
import { explainLocale } from '../engine/explain';
import type { Evaluation, EvaluationMeta, ExplainedEvaluation, ReproduceReply } from '../api-types';

const truthy = (s?: string) => s === 'true' || s === '1';

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller()
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Roles('deployer')
  @Post('orgs/:orgId/packs/:packId/evaluate')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Evaluate and store an envelope for a locality (deployment admin): each period with the version deployed for it, history from stored results. Invalid input: 422 with every pointer, nothing stored.',
  })
  @ApiQuery({ name: 'trace', required: false, type: Boolean })
  @ApiQuery({ name: 'explain', required: false, enum: ['zh-CN', 'en'], description: 'Add `explanation` (output → one sentence in that language) to every result.' })
  @ApiBody({ schema: ENVELOPE_SCHEMA })
  async run(@CurrentUser() user: Principal, @Param('orgId') orgId: string, @Param('packId') packId: string, @Body() body: unknown, @Query('trace') trace?: string, @Query('explain') explain?: string) {
    const out = await this.evaluations.run(user, orgId, packId, body, { trace: truthy(trace) });
    const locale = explainLocale(explain);
    if (locale) {
      for (const p of out.periods) {
        const ex = await this.evaluations.explanations(user, p.evaluationId, locale);
        p.results = p.results.map((r) => ({ ...r, explanation: ex[r.id] }));
      }
    }
    return out;
  }

  @Get('evaluations')
  @ApiOperation({ summary: 'Stored evaluations of the subtree, newest first (without results); `current` marks the latest of each period.' })
  @ApiQuery({ name: 'orgId', required: false })
  @ApiQuery({ name: 'packId', required: false })
  @ApiQuery({ name: 'period', required: false })
  @ApiQuery({ name: 'limit', required: false })
  list(@CurrentUser() user: Principal, @Query('orgId') orgId?: string, @Query('packId') packId?: string, @Query('period') period?: string, @Query('limit') limit?: string): Promise<EvaluationMeta<Date>[]> {
    return this.evaluations.list(user, { orgId, packId, period, limit: limit && /^\d+$/.test(limit) ? Number(limit) : undefined });
  }

  @Get('evaluations/:id')
  @ApiOperation({ summary: 'One stored evaluation: input snapshot, parameters, prior evaluations read, results and summary (trace on request).' })
  @ApiQuery({ name: 'trace', required: false, type: Boolean })
  @ApiQuery({ name: 'explain', required: false, enum: ['zh-CN', 'en'], description: 'Add `explanation` (output → one sentence in that language) to every result.' })
  async get(@CurrentUser() user: Principal, @Param('id') id: string, @Query('trace') trace?: string, @Query('explain') explain?: string): Promise<Evaluation<Date> | ExplainedEvaluation<Date>> {
    const row = await this.evaluations.get(user, id, truthy(trace));
    const locale = explainLocale(explain);
    if (!locale) return row;
    const ex = await this.evaluations.explanations(user, id, locale);
    return { ...row, results: row.results.map((r) => ({ ...r, explanation: ex[r.id] })) };
  }

  @Post('evaluations/:id/reproduce')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-run a stored evaluation from its snapshot and compare: { identical, differences }.' })
  reproduce(@CurrentUser() user: Principal, @Param('id') id: string): Promise<ReproduceReply> {
    return this.evaluations.reproduce(user, id);
  }
}
