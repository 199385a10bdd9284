import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles';
import { inputError, parseBody } from '../common/body';
import { APP_CONFIG, type AppConfig } from '../config';
import { DatasetsService, type NewDataset } from './datasets.service';
import type { ColumnMapping } from './mapping';
import type { DatasetSummary } from '../api-types';

const BASE = { packId: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1, maxLength: 200 } };
const ENVELOPE_BODY = { type: 'object', required: ['packId', 'version', 'name', 'envelope'], additionalProperties: false, properties: { ...BASE, envelope: { type: 'object' } } };
const GENERATE_BODY = { type: 'object', required: ['packId', 'version', 'name', 'n'], additionalProperties: false, properties: { ...BASE, n: { type: 'integer' }, seed: { type: 'integer' }, from: { enum: ['demo', 'schema'] } } };
const MAPPING = {
  type: 'object',
  required: ['period', 'id'],
  additionalProperties: false,
  properties: { period: { type: 'string' }, id: { type: 'string' }, fields: { type: 'object', additionalProperties: { type: 'string' } } },
};
const UPLOAD_QUERY = { type: 'object', required: ['packId', 'version', 'name', 'format', 'mapping'], additionalProperties: false, properties: { ...BASE, format: { enum: ['xlsx', 'csv'] }, mapping: MAPPING } };

@ApiTags('datasets')
@ApiBearerAuth()
@Roles('analyst')
@Controller('datasets')
export class DatasetsController {
  constructor(
    private readonly datasets: DatasetsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: "Datasets of the user's organisation and those below it (analyst)." })
  list(@CurrentUser() user: Principal): Promise<DatasetSummary<Date>[]> {
    return this.datasets.list(user);
  }

  @Get('templates/:packId/:version')
  @ApiOperation({ summary: 'The fill-in .xlsx of a pack version: Chinese headers (with units), a 填写说明 sheet, a sheet per array of rater rows; uploads back as it is.' })
  async template(@CurrentUser() user: Principal, @Param('packId') packId: string, @Param('version') version: string, @Res() res: Response) {
    const { file, filename } = await this.datasets.template(user, packId, version);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${encodeURIComponent(filename)}"`);
    res.end(file);
  }

  @Get(':id')
  get(@CurrentUser() user: Principal, @Param('id') id: string): Promise<DatasetSummary<Date>> {
    return this.datasets.get(user, id);
  }

  @Post()
  @ApiOperation({ summary: 'A dataset from an evaluation envelope (JSON); validated whole, stored whole or not at all.' })
  @ApiBody({ schema: ENVELOPE_BODY })
  create(@CurrentUser() user: Principal, @Body() body: unknown): Promise<DatasetSummary<Date>> {
    return this.datasets.createFromEnvelope(user, parseBody<NewDataset & { envelope: unknown }>(ENVELOPE_BODY, body));
  }

  @Post('upload')
  @ApiOperation({ summary: 'Import an .xlsx or .csv (request body: the file bytes, application/octet-stream) with a column mapping (JSON in ?mapping=).' })
  @ApiQuery({ name: 'mapping', description: 'JSON: { "period": "<column>", "id": "<column>", "fields": { "<input path>": "<column>" } }' })
  upload(@CurrentUser() user: Principal, @Query() query: Record<string, string>, @Req() req: Request): Promise<DatasetSummary<Date>> {
    let mapping: unknown;
    try {
      mapping = JSON.parse(query.mapping ?? 'null');
    } catch {
      throw inputError('/mapping', 'mapping 不是 JSON', 'mapping is not JSON');
    }
    const q = parseBody<NewDataset & { format: 'xlsx' | 'csv'; mapping: ColumnMapping }>(UPLOAD_QUERY, { ...query, mapping });
    if (!Buffer.isBuffer(req.body) || !req.body.length) throw inputError('/file', '请求体应为文件内容', 'the request body should be the file (application/octet-stream)');
    return this.datasets.upload(user, q, req.body);
  }

  @Post('generate')
  @HttpCode(201)
  @ApiOperation({ summary: "A synthetic dataset of n subject-periods, seeded: from the pack's demo distributions, or from its input schema alone (no demo data, or from: 'schema')." })
  @ApiBody({ schema: GENERATE_BODY })
  generate(@CurrentUser() user: Principal, @Body() body: unknown): Promise<DatasetSummary<Date>> {
    return this.datasets.generate(user, parseBody<NewDataset & { n: number; seed?: number; from?: 'demo' | 'schema' }>(GENERATE_BODY, body), this.config.packsDir);
  }
}
