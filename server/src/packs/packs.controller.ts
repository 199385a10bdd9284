import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal } from '../auth/principal';
import { formatDiff } from '../engine';
import { Roles } from '../auth/roles';
import { parseBody } from '../common/body';
import { ENVELOPE_SCHEMA } from './envelope-shape';
import { PacksService, type NewPack, type NewVersion } from './packs.service';
import { attachExplanations, explainLocale } from '../engine/explain';
import type { OutputEnvelope, Pack } from '../engine/types';
import type { PackDetail, PackVersion, ValidationReply, VersionChanges, VersionSummary } from '../api-types';

const NEW_PACK_SCHEMA = {
  type: 'object',
  required: ['document'],
  additionalProperties: false,
  properties: { ownerOrgId: { type: 'string' }, document: { type: 'object' } },
};

const NEW_VERSION_SCHEMA = {
  type: 'object',
  required: ['version'],
  additionalProperties: false,
  properties: {
    version: { type: 'string' },
    from: { type: 'string', description: 'Copy this version (default: the highest version).' },
    document: { type: 'object', description: 'Or give the whole document.' },
  },
};

const RENUMBER_SCHEMA = {
  type: 'object',
  required: ['version'],
  additionalProperties: false,
  properties: { version: { type: 'string', description: 'The new version number of the draft, e.g. the proposed one of /changes.' } },
};

const DOCUMENT_SCHEMA = {
  type: 'object',
  required: ['document'],
  additionalProperties: false,
  properties: { document: { description: 'A whole pack document (rule-pack.schema.json), e.g. the editor content.' } },
};

const TRY_SCHEMA = {
  type: 'object',
  required: ['document', 'envelope'],
  additionalProperties: false,
  properties: {
    document: { description: 'A whole pack document, saved or not.' },
    envelope: ENVELOPE_SCHEMA,
    trace: { type: 'boolean' },
  },
};

const TRYING_ROLES = ['analyst', 'author', 'publisher', 'deployer'] as const;

/** An answer the evaluation worker already serialised: sent as it is (not parsed and serialised again). */
async function jsonText(res: Response, text: Promise<string>): Promise<string> {
  const t = await text;
  res.type('application/json; charset=utf-8');
  return t;
}

function setEtag(res: Response, revision: number): void {
  res.setHeader('ETag', `"${revision}"`);
}

@ApiTags('packs')
@ApiBearerAuth()
@Controller('packs')
export class PacksController {
  constructor(private readonly packs: PacksService) {}

  @Get()
  @ApiOperation({ summary: 'Packs the user can see: their subtree (all versions) and organisations above it (published only).' })
  list(@CurrentUser() user: Principal) {
    return this.packs.list(user);
  }

  @Roles('author')
  @Post()
  @ApiOperation({ summary: 'Create a pack with its first draft version (author).' })
  @ApiBody({ schema: NEW_PACK_SCHEMA })
  async create(@CurrentUser() user: Principal, @Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<PackVersion<Date>> {
    const v = await this.packs.create(user, parseBody<NewPack>(NEW_PACK_SCHEMA, body));
    setEtag(res, v.revision);
    return v;
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Schema and semantic checks of a pack document (the editor markers): { valid, errors }, pointers under /document.' })
  @ApiBody({ schema: DOCUMENT_SCHEMA })
  validateDocument(@Body() body: unknown): ValidationReply {
    return this.packs.validateDocument(parseBody<{ document: unknown }>(DOCUMENT_SCHEMA, body).document);
  }

  @Post('test')
  @HttpCode(200)
  @ApiOperation({ summary: "Run a pack document's own tests (same report as `rules test`); 422 when the document is invalid." })
  @ApiBody({ schema: DOCUMENT_SCHEMA })
  testDocument(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return jsonText(res, this.packs.testDocument(parseBody<{ document: unknown }>(DOCUMENT_SCHEMA, body).document));
  }

  @Roles(...TRYING_ROLES)
  @Post('try')
  @HttpCode(200)
  @ApiOperation({ summary: 'Evaluate an envelope on a pack document without storing anything (the try-it panel); pointers under /document or /envelope.' })
  @ApiBody({ schema: TRY_SCHEMA })
  tryDocument(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const b = parseBody<{ document: unknown; envelope: unknown; trace?: boolean }>(TRY_SCHEMA, body);
    return jsonText(res, this.packs.tryDocument(b.document, b.envelope, b.trace ?? true));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One pack and its versions.' })
  get(@CurrentUser() user: Principal, @Param('id') id: string): Promise<PackDetail<Date>> {
    return this.packs.get(user, id);
  }

  @Get(':id/diff')
  @ApiOperation({ summary: 'What changed between two versions (same as `rules diff`).' })
  @ApiQuery({ name: 'from', required: true })
  @ApiQuery({ name: 'to', required: true })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'text'], description: 'text: the lines `rules diff` prints' })
  async diff(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('format') format?: string,
  ) {
    const d = await this.packs.diff(user, id, from, to);
    if (format !== 'text') return d;
    res.type('text/plain; charset=utf-8');
    return formatDiff(d).join('\n') + '\n';
  }

  @Roles('author')
  @Post(':id/versions')
  @ApiOperation({ summary: 'Start a new draft version, copied from an existing one or given whole (author).' })
  @ApiBody({ schema: NEW_VERSION_SCHEMA })
  async createVersion(@CurrentUser() user: Principal, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<PackVersion<Date>> {
    const v = await this.packs.createVersion(user, id, parseBody<NewVersion>(NEW_VERSION_SCHEMA, body));
    setEtag(res, v.revision);
    return v;
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'One version with its document; the ETag names its revision.' })
  async getVersion(@CurrentUser() user: Principal, @Param('id') id: string, @Param('version') version: string, @Res({ passthrough: true }) res: Response): Promise<PackVersion<Date>> {
    const v = await this.packs.getVersion(user, id, version);
    setEtag(res, v.revision);
    return v;
  }

  @Get(':id/versions/:version/changes')
  @ApiOperation({ summary: 'What the version changes against the newest published one (before it), in Chinese words: { base, level, proposed, satisfies, changes }.' })
  changes(@CurrentUser() user: Principal, @Param('id') id: string, @Param('version') version: string): Promise<VersionChanges> {
    return this.packs.changes(user, id, version);
  }

  // the publisher too: publishing a draft numbered too low for its changes offers to renumber it first
  @Roles('author', 'publisher')
  @Patch(':id/versions/:version')
  @ApiOperation({ summary: 'Renumber a draft (author, publisher): { version }; the document follows. Published versions cannot change (409).' })
  @ApiBody({ schema: RENUMBER_SCHEMA })
  async renumberDraft(@CurrentUser() user: Principal, @Param('id') id: string, @Param('version') version: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<PackVersion<Date>> {
    const v = await this.packs.renumberDraft(user, id, version, parseBody<{ version: string }>(RENUMBER_SCHEMA, body).version);
    setEtag(res, v.revision);
    return v;
  }

  @Roles('author')
  @Put(':id/versions/:version')
  @ApiOperation({ summary: 'Replace a draft document (author). Needs If-Match: 428 without it, 409 when stale or published.' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the revision being edited, e.g. "3".' })
  @ApiBody({ schema: { type: 'object', description: 'The whole pack document (rule-pack.schema.json).' } })
  async updateDraft(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @Param('version') version: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PackVersion<Date>> {
    const v = await this.packs.updateDraft(user, id, version, ifMatch, body);
    setEtag(res, v.revision);
    return v;
  }

  @Roles('author')
  @Delete(':id/versions/:version')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a draft (author); published versions cannot be deleted.' })
  async deleteDraft(@CurrentUser() user: Principal, @Param('id') id: string, @Param('version') version: string): Promise<void> {
    await this.packs.deleteDraft(user, id, version);
  }

  @Roles('publisher')
  @Post(':id/versions/:version/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a draft (publisher): valid, all its tests pass, newer than every published version, and numbered for its changes since the newest one (422 VersionTooLow at /version: breaking → major, additions → minor).' })
  publish(@CurrentUser() user: Principal, @Param('id') id: string, @Param('version') version: string): Promise<VersionSummary<Date>> {
    return this.packs.publish(user, id, version);
  }

  @Post(':id/versions/:version/validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Schema and semantic checks of a version: { valid, errors }.' })
  validate(@CurrentUser() user: Principal, @Param('id') id: string, @Param('version') version: string): Promise<ValidationReply> {
    return this.packs.validate(user, id, version);
  }

  @Post(':id/versions/:version/test')
  @HttpCode(200)
  @ApiOperation({ summary: "Run the version's own tests (same as `rules test`)." })
  test(@CurrentUser() user: Principal, @Param('id') id: string, @Param('version') version: string, @Res({ passthrough: true }) res: Response) {
    return jsonText(res, this.packs.test(user, id, version));
  }

  @Roles(...TRYING_ROLES)
  @Post(':id/versions/:version/evaluate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Evaluate an envelope on this version without storing anything (analyst, author, publisher, deployer).' })
  @ApiQuery({ name: 'trace', required: false, type: Boolean })
  @ApiQuery({ name: 'explain', required: false, enum: ['zh-CN', 'en'], description: 'Add `explanation` (output → one sentence in that language) to every result.' })
  @ApiBody({ schema: ENVELOPE_SCHEMA })
  evaluate(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @Param('version') version: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
    @Query('trace') trace?: string,
    @Query('explain') explain?: string,
  ) {
    const traced = trace === 'true' || trace === '1';
    const locale = explainLocale(explain);
    if (!locale) return jsonText(res, this.packs.dryRun(user, id, version, body, traced));
    // explanations are read off the trace: evaluate traced, explain, and drop the trace unless it was asked for
    return jsonText(
      res,
      Promise.all([this.packs.getVersion(user, id, version), this.packs.dryRun(user, id, version, body, true)]).then(([v, text]) =>
        JSON.stringify(attachExplanations(v.document as Pack, JSON.parse(text) as OutputEnvelope, locale, traced)),
      ),
    );
  }
}
