import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles';
import { inputError, parseBody } from '../common/body';
import { PeriodsService } from './periods.service';
import type { EvaluationChanges, PeriodEvaluated, PeriodJob, PeriodUpload } from '../api-types';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EVALUATE_BODY = { type: 'object', required: ['uploadId'], additionalProperties: false, properties: { uploadId: { type: 'string', minLength: 1 } } };

function sendFile(res: Response, file: Buffer, filename: string): void {
  res.setHeader('Content-Type', XLSX);
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
  res.end(file);
}

@ApiTags('periods')
@ApiBearerAuth()
@Controller()
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  @Get('packs/:packId/versions/:version/template.xlsx')
  @ApiOperation({ summary: 'The fill-in workbook of a pack version: Chinese headers with units, drop-downs and ranges checked by Excel, a frozen header, a 填写说明 sheet (unit, range, cite of every field), a sheet per array of rater rows.' })
  async template(@CurrentUser() user: Principal, @Param('packId') packId: string, @Param('version') version: string, @Res() res: Response) {
    const { file, filename } = await this.periods.template(user, packId, version);
    sendFile(res, file, filename);
  }

  @Roles('deployer', 'admin')
  @Post('orgs/:orgId/packs/:packId/periods/:period/upload')
  @HttpCode(200)
  @ApiConsumes('application/octet-stream')
  @ApiBody({ description: 'The file: a filled template (.xlsx) or a CSV (UTF-8 or GB18030).', schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'filename', required: false })
  @ApiOperation({
    summary:
      "Upload a period's filled template (.xlsx) or a CSV (request body: the file bytes; the format is told by content). Headers by Chinese title (with or without unit) or English name. Read with the version deployed for the period; kept for evaluation. 422 UploadInvalid lists every error as { row (Excel's), column (the header), pointer, path, message }; nothing is stored.",
  })
  @ApiResponse({ status: 200, description: '{ uploadId, orgId, packId, period, version, filename, subjects, columns, preview (first 50 rows), createdAt }' })
  @ApiResponse({ status: 422, description: 'UploadInvalid (every error), NoDeployment, BadPeriod' })
  upload(@CurrentUser() user: Principal, @Param('orgId') orgId: string, @Param('packId') packId: string, @Param('period') period: string, @Query('filename') filename: string | undefined, @Req() req: Request): Promise<PeriodUpload<Date>> {
    if (!Buffer.isBuffer(req.body) || !req.body.length) throw inputError('/file', '请求体应为文件内容（.xlsx 或 .csv）', 'the request body should be the file (application/octet-stream)');
    return this.periods.upload(user, orgId, packId, period, req.body, typeof filename === 'string' && filename ? filename.slice(0, 255) : null);
  }

  @Roles('deployer', 'admin')
  @Post('orgs/:orgId/packs/:packId/periods/:period/evaluate')
  @ApiBody({ schema: EVALUATE_BODY })
  @ApiOperation({
    summary:
      'Evaluate a stored upload with the version deployed for the period (history, deployment parameters and audit as POST …/evaluate). Up to KP_PERIOD_SYNC_MAX subjects: 201 { evaluationId, previousEvaluationId, period, version, subjects, changed }; more: 202 { jobId } (GET /period-jobs/:jobId). The previous evaluation of the period is kept.',
  })
  @ApiResponse({ status: 201, description: 'Evaluated and stored.' })
  @ApiResponse({ status: 202, description: 'Queued as a job: { jobId }.' })
  async evaluate(@CurrentUser() user: Principal, @Param('orgId') orgId: string, @Param('packId') packId: string, @Param('period') period: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<PeriodEvaluated | { jobId: string }> {
    const { uploadId } = parseBody<{ uploadId: string }>(EVALUATE_BODY, body);
    const out = await this.periods.evaluate(user, orgId, packId, period, uploadId);
    res.status(out.status);
    return out.body;
  }

  @Get('period-jobs/:id')
  @ApiOperation({
    summary:
      'A period evaluation job: { id, state (queued|running|done|failed), done, total, evaluationId, previousEvaluationId, changed, error }. `done` counts subjects checked against the deployed version, by batches of 500; at done = total while running, the period is evaluated whole and stored whole.',
  })
  job(@CurrentUser() user: Principal, @Param('id') jobId: string): Promise<PeriodJob> {
    return this.periods.job(user, jobId);
  }

  @Get('evaluations/:id/changes')
  @ApiOperation({ summary: 'What changed against the previous run of the same period: { evaluationId, previousEvaluationId, changed: [{ id, outputs: [{ output, label, before, after, beforeLabel, afterLabel }], explanation }], added, removed }.' })
  changes(@CurrentUser() user: Principal, @Param('id') id: string): Promise<EvaluationChanges> {
    return this.periods.changes(user, id);
  }

  @Get('evaluations/:id/export.xlsx')
  @ApiOperation({ summary: "An evaluation's results as .xlsx: organisation, scheme, version and period on top, Chinese headers, labelled values, a 说明 column." })
  async export(@CurrentUser() user: Principal, @Param('id') id: string, @Res() res: Response) {
    const { file, filename } = await this.periods.export(user, id);
    sendFile(res, file, filename);
  }
}
