import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, Repository, type EntityManager } from 'typeorm';
import { inScope, isAncestorOrSelf } from '../auth/access';
import type { Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { ApiError, conflict, forbidden, notFound } from '../common/api-error';
import { inputError } from '../common/body';
import { compareSemver, isSemver } from '../common/semver';
import { APP_CONFIG, type AppConfig } from '../config';
import { KpValidationError, type KpError } from '../engine/errors';
import { canonicalPack } from '../engine/validate/canonical-pack';
import type { Pack } from '../engine/types';
import { OrgsService } from '../orgs/orgs.service';
import { checkEnvelopeShape } from './envelope-shape';
import { versionChanges, versionTooLow } from './version-changes';
import { packIdNotAvailable, seedPackIds } from './pack-ids';
import { contentHash, PackRunner } from './pack-runner.service';
import { EvalPool } from '../common/eval-pool/eval-pool';
import {
  deleteDraftVersion,
  findPack,
  findVersion,
  insertPack,
  insertVersion,
  listVersions,
  lockPack,
  markPublished,
  updateDraftDocument,
  updatePackMeta,
  versionSummary,
  type PackRecord,
  type PackVersion,
} from './pack-versions.repo';
import { PackVersionEntity } from './pack-version.entity';

const PACK_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface NewPack {
  ownerOrgId?: string;
  document: Record<string, unknown>;
}

export interface NewVersion {
  version: string;
  from?: string;
  document?: Record<string, unknown>;
}

interface Access {
  pack: PackRecord;
  /** The owner is in the user's subtree: drafts are visible and changes allowed (by role). */
  full: boolean;
}

/**
 * The pack registry. A version is a draft until published; a published version never changes (here and in a
 * database trigger). Drafts are edited with optimistic locking on their revision.
 */
@Injectable()
export class PacksService {
  private reservedIds: Set<string> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    @InjectRepository(PackVersionEntity) private readonly versions: Repository<PackVersionEntity>,
    private readonly audit: AuditService,
    private readonly orgs: OrgsService,
    private readonly runner: PackRunner,
    private readonly pool: EvalPool,
  ) {}

  /** Packs of the user's subtree (all versions) and of the organisations above it (published versions only). */
  async list(p: Principal) {
    const versions = await this.versions
      .createQueryBuilder('v')
      .innerJoin('v.pack', 'p')
      .innerJoin('p.owner', 'o')
      .select(['v.packId', 'v.version', 'v.status', 'v.contentHash', 'v.revision', 'v.publishedAt', 'p.id', 'p.ownerOrgId', 'p.title', 'p.locality'])
      // the user's subtree (every version) and the organisations above it (published versions only)
      .where(new Brackets((w) => w.where(`o.path LIKE :path || '%'`).orWhere(`(:path LIKE o.path || '%' AND v.status = 'published')`)), { path: p.orgPath })
      .orderBy('v.packId')
      .getMany();
    const byId = new Map<string, { id: string; ownerOrgId: string; title: unknown; locality: unknown; latestPublished: string | null; versions: unknown[] }>();
    for (const v of versions) {
      const r = v.pack!;
      let pack = byId.get(r.id);
      if (!pack) byId.set(r.id, (pack = { id: r.id, ownerOrgId: r.ownerOrgId, title: r.title, locality: r.locality, latestPublished: null, versions: [] }));
      pack.versions.push({ version: v.version, status: v.status, contentHash: v.contentHash, revision: v.revision, publishedAt: v.publishedAt });
      if (v.status === 'published' && (!pack.latestPublished || compareSemver(v.version, pack.latestPublished) > 0)) pack.latestPublished = v.version;
    }
    for (const pack of byId.values()) (pack.versions as { version: string }[]).sort((a, b) => compareSemver(a.version, b.version));
    return [...byId.values()];
  }

  async get(p: Principal, id: string) {
    const { pack, full } = await this.access(p, id);
    const versions = (await listVersions(this.versions.manager, id))
      .filter((v) => full || v.status === 'published')
      .sort((a, b) => compareSemver(a.version, b.version))
      .map(versionSummary);
    const { ownerPath: _ownerPath, ...rest } = pack;
    return { ...rest, editable: full, versions };
  }

  async getVersion(p: Principal, id: string, version: string): Promise<PackVersion> {
    return (await this.readVersion(p, id, version)).v;
  }

  /** The document of a published version the user may read (for deployments and evaluations). */
  async getPublished(p: Principal, id: string, version: string, m: EntityManager = this.versions.manager): Promise<{ pack: PackRecord; v: PackVersion } | null> {
    const { pack } = await this.access(p, id, m);
    const v = await findVersion(m, id, version);
    return v && v.status === 'published' ? { pack, v } : null;
  }

  async create(p: Principal, body: NewPack) {
    const owner = await this.orgs.findInScope(p, body.ownerOrgId ?? p.orgId);
    // formula-only documents are stored with their JSON Logic compiled (the formula wins over a stale slot)
    const doc = canonicalPack(body.document, '/document');
    if (typeof doc.id !== 'string' || !PACK_ID.test(doc.id)) {
      throw inputError('/document/id', '方案标识须为小写字母、数字和连字符。', 'The pack id must be kebab-case (a-z, 0-9, -).');
    }
    if (typeof doc.version !== 'string' || !isSemver(doc.version)) {
      throw inputError('/document/version', '版本号须为语义化版本（如 1.0.0）。', 'The version must be a semantic version (e.g. 1.0.0).');
    }
    const id = doc.id;
    const version = doc.version;
    // a taken id (anyone's) and a seed pack id asked for by a locality get the same answer: nothing leaks. The seed
    // ids are the province's to give (it may create one for a locality, as the seed import does).
    if (p.orgPath.split('/').filter(Boolean).length > 1 && (this.reservedIds ??= seedPackIds(this.config.packsDir)).has(id)) throw packIdNotAvailable(id);
    await this.db.transaction(async (m) => {
      if (await findPack(m, id)) throw packIdNotAvailable(id);
      await insertPack(m, { id, ownerOrgId: owner.id, title: doc.title, locality: doc.locality, createdBy: p.username }).catch((e: unknown) => {
        // two creations of one id at once: the second one meets the primary key
        const err = e as { code?: string; driverError?: { code?: string } };
        throw (err?.driverError?.code ?? err?.code) === '23505' ? packIdNotAvailable(id) : e;
      });
      await insertVersion(m, { packId: id, version, status: 'draft', document: doc, contentHash: contentHash(doc), createdBy: p.username });
      await this.audit.record(m, p, { action: 'pack.create', entity: 'pack', entityId: id, orgId: owner.id, after: { id, ownerOrgId: owner.id, version } });
    });
    return this.withProblems(await this.getVersion(p, id, version));
  }

  async createVersion(p: Principal, id: string, body: NewVersion) {
    if (!isSemver(body.version)) throw inputError('/version', '版本号须为语义化版本（如 1.1.0）。', 'The version must be a semantic version (e.g. 1.1.0).');
    return this.db.transaction(async (m) => {
      const { pack } = await this.writable(p, id, m);
      if (await findVersion(m, id, body.version)) {
        throw conflict('VersionExists', `版本 ${id}@${body.version} 已存在。`, `Version ${id}@${body.version} already exists.`);
      }
      let doc: Record<string, unknown>;
      if (body.document) {
        checkIdentity(body.document, id, body.version, '/document');
        doc = canonicalPack(body.document, '/document');
      } else {
        const all = await listVersions(m, id);
        const base = body.from ? all.find((v) => v.version === body.from) : all.sort((a, b) => compareSemver(b.version, a.version))[0];
        if (!base) throw inputError('/from', `版本 ${body.from} 不存在。`, `Version ${body.from} does not exist.`);
        doc = { ...(base.document as unknown as Record<string, unknown>), version: body.version };
      }
      await insertVersion(m, { packId: id, version: body.version, status: 'draft', document: doc, contentHash: contentHash(doc), createdBy: p.username });
      await this.audit.record(m, p, {
        action: 'pack_version.create',
        entity: 'pack_version',
        entityId: `${id}@${body.version}`,
        orgId: pack.ownerOrgId,
        after: { version: body.version, from: body.document ? null : (body.from ?? 'latest'), contentHash: contentHash(doc) },
      });
      return this.withProblems((await findVersion(m, id, body.version))!);
    });
  }

  /** Replace a draft's document. `ifMatch` must name the revision the author edited; the check and the increment are one statement. */
  async updateDraft(p: Principal, id: string, version: string, ifMatch: string | undefined, document: unknown) {
    const expected = parseRevision(ifMatch);
    checkIdentity(document, id, version, '');
    const doc = canonicalPack(document as Record<string, unknown>);
    return this.db.transaction(async (m) => {
      const { pack } = await this.writable(p, id, m);
      const before = await findVersion(m, id, version);
      if (!before) throw notFound('版本不存在。', `Version ${id}@${version} not found.`);
      const hash = contentHash(doc);
      const revision = await updateDraftDocument(m, { packId: id, version, revision: expected }, { document: doc, contentHash: hash, updatedBy: p.username });
      if (revision === null) {
        if (before.status === 'published') throw publishedImmutable(id, version);
        throw conflict(
          'StaleRevision',
          `草稿已被他人修改（当前修订号 ${before.revision}，您提交的是 ${expected}），请刷新后重新编辑。`,
          `The draft was changed by someone else (current revision ${before.revision}, yours ${expected}); reload and edit again.`,
          { currentRevision: before.revision },
        );
      }
      await this.audit.record(m, p, {
        action: 'pack_version.update',
        entity: 'pack_version',
        entityId: `${id}@${version}`,
        orgId: pack.ownerOrgId,
        before: { revision: before.revision, contentHash: before.contentHash, document: before.document },
        after: { revision, contentHash: hash, document: doc },
      });
      return this.withProblems((await findVersion(m, id, version))!);
    });
  }

  async deleteDraft(p: Principal, id: string, version: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const { pack } = await this.writable(p, id, m);
      const v = await findVersion(m, id, version, true);
      if (!v) throw notFound('版本不存在。', `Version ${id}@${version} not found.`);
      if (v.status === 'published') throw publishedImmutable(id, version);
      await deleteDraftVersion(m, id, version);
      await this.audit.record(m, p, {
        action: 'pack_version.delete',
        entity: 'pack_version',
        entityId: `${id}@${version}`,
        orgId: pack.ownerOrgId,
        before: { revision: v.revision, contentHash: v.contentHash, document: v.document },
      });
    });
  }

  /** Publish a draft: it must validate, pass its own tests and be newer than every published version. */
  async publish(p: Principal, id: string, version: string) {
    return this.db.transaction(async (m) => {
      const { pack } = await this.writable(p, id, m);
      // one publication per pack at a time, so two drafts cannot both pass the "newer than" check
      await lockPack(m, id);
      const v = await findVersion(m, id, version, true);
      if (!v) throw notFound('版本不存在。', `Version ${id}@${version} not found.`);
      if (v.status === 'published') throw conflict('AlreadyPublished', `版本 ${id}@${version} 已发布。`, `Version ${id}@${version} is already published.`);
      const errors = this.runner.validate(v.document);
      if (errors.length) throw new KpValidationError(errors, 'pack');
      const report = this.runner.test(v.document, true);
      if (report.failed > 0) {
        throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'PackTestsFailed', `方案自带测试有 ${report.failed} 项未通过，不能发布。`, `${report.failed} of the pack's tests fail; it cannot be published.`, { report });
      }
      const newer = (await listVersions(m, id)).filter((x) => x.status === 'published' && compareSemver(version, x.version) <= 0);
      if (newer.length) {
        const list = newer.map((x) => x.version).join(', ');
        throw conflict('VersionNotGreater', `发布的版本号必须高于所有已发布版本（已有 ${list}）。`, `A published version must be greater than every published version (already published: ${list}).`);
      }
      // the number must say what changed since the newest published version (breaking → major, additions → minor)
      const changes = versionChanges(await listVersions(m, id), version, v.document, false);
      if (!changes.satisfies) throw versionTooLow(id, version, changes);
      await markPublished(m, id, version, p.username);
      await updatePackMeta(m, id, v.document);
      await this.audit.record(m, p, {
        action: 'pack_version.publish',
        entity: 'pack_version',
        entityId: `${id}@${version}`,
        orgId: pack.ownerOrgId,
        before: { status: 'draft', revision: v.revision },
        after: { status: 'published', contentHash: v.contentHash, tests: { passed: report.passed, failed: report.failed }, base: changes.base, level: changes.level },
      });
      return versionSummary((await findVersion(m, id, version))!);
    });
  }

  /** What a version changes against the newest published version (before it), the level and the number that needs. */
  async changes(p: Principal, id: string, version: string) {
    const { v } = await this.readVersion(p, id, version);
    return versionChanges(await listVersions(this.versions.manager, id), version, v.document, v.status === 'published');
  }

  /** Give a draft another version number (its document's `version` follows), in one audited transaction. */
  async renumberDraft(p: Principal, id: string, version: string, to: string) {
    if (!isSemver(to)) throw inputError('/version', '版本号须为语义化版本（如 1.1.0）。', 'The version must be a semantic version (e.g. 1.1.0).');
    return this.db.transaction(async (m) => {
      const { pack } = await this.writable(p, id, m);
      const v = await findVersion(m, id, version, true);
      if (!v) throw notFound('版本不存在。', `Version ${id}@${version} not found.`);
      if (v.status === 'published') throw publishedImmutable(id, version);
      if (to !== version && (await findVersion(m, id, to))) throw conflict('VersionExists', `版本 ${id}@${to} 已存在。`, `Version ${id}@${to} already exists.`);
      const doc = { ...(v.document as unknown as Record<string, unknown>), version: to };
      const hash = contentHash(doc);
      const revision = await updateDraftDocument(m, { packId: id, version }, { version: to, document: doc, contentHash: hash, updatedBy: p.username });
      await this.audit.record(m, p, {
        action: 'pack_version.renumber',
        entity: 'pack_version',
        entityId: `${id}@${to}`,
        orgId: pack.ownerOrgId,
        before: { version, revision: v.revision, contentHash: v.contentHash },
        after: { version: to, revision, contentHash: hash },
      });
      return this.withProblems((await findVersion(m, id, to))!);
    });
  }

  async validate(p: Principal, id: string, version: string) {
    const { v } = await this.readVersion(p, id, version);
    const errors = this.runner.validate(v.document);
    return { valid: errors.length === 0, errors };
  }

  /** The version's own tests, in an evaluation worker (budgeted): the report as JSON text. */
  async test(p: Principal, id: string, version: string): Promise<string> {
    const { v } = await this.readVersion(p, id, version);
    const errors = this.runner.validate(v.document);
    if (errors.length) throw new KpValidationError(errors, 'pack');
    return this.pool.run({ kind: 'test', document: v.document });
  }

  /**
   * Evaluate an envelope on one version without storing anything (the editor's "try it"), in an evaluation worker
   * (budgeted; the answer at most KP_EVAL_MAX_RESPONSE_BYTES): the output envelope as JSON text.
   */
  async dryRun(p: Principal, id: string, version: string, envelope: unknown, trace: boolean): Promise<string> {
    const { v } = await this.readVersion(p, id, version);
    checkEnvelopeShape(envelope, '');
    const env = envelope as { parameters?: Record<string, unknown> };
    return this.pool.run({ kind: 'evaluate', document: v.document, hash: v.contentHash, parameters: env.parameters, envelope, trace }, TOO_LARGE_HINT);
  }

  validateDocument(document: unknown) {
    const errors = prefix(this.runner.validate(document), '/document');
    return { valid: errors.length === 0, errors };
  }

  /** A submitted document's own tests, in an evaluation worker (budgeted): the report as JSON text. */
  async testDocument(document: unknown): Promise<string> {
    document = canonicalPack(document, '/document');
    const errors = this.runner.validate(document);
    if (errors.length) throw new KpValidationError(prefix(errors, '/document'), 'pack');
    return this.pool.run({ kind: 'test', document: document as Pack }, undefined, '/document');
  }

  /** Evaluate an unsaved document (the editor's try-it panel) in an evaluation worker; nothing is stored. */
  async tryDocument(document: unknown, envelope: unknown, trace: boolean): Promise<string> {
    document = canonicalPack(document, '/document');
    const errors = this.runner.validate(document);
    if (errors.length) throw new KpValidationError(prefix(errors, '/document'), 'pack');
    checkEnvelopeShape(envelope, '/envelope');
    const env = envelope as { parameters?: Record<string, unknown> };
    try {
      return await this.pool.run({ kind: 'evaluate', document: document as Pack, hash: contentHash(document), parameters: env.parameters, envelope, trace }, TOO_LARGE_HINT, '/document');
    } catch (e) {
      if (e instanceof KpValidationError) throw new KpValidationError(prefix(e.errors, '/envelope'), e.target);
      throw e;
    }
  }

  async diff(p: Principal, id: string, from: string | undefined, to: string | undefined) {
    if (!from) throw inputError('/from', '缺少参数 from。', 'The query parameter from is required.');
    if (!to) throw inputError('/to', '缺少参数 to。', 'The query parameter to is required.');
    const a = await this.readVersion(p, id, from);
    const b = await this.readVersion(p, id, to);
    return this.runner.diff(a.v.document, b.v.document);
  }

  private withProblems(v: PackVersion) {
    return { ...v, problems: this.runner.validate(v.document) };
  }

  private async access(p: Principal, id: string, m: EntityManager = this.versions.manager): Promise<Access> {
    const pack = await findPack(m, id);
    if (pack) {
      if (inScope(p, pack.ownerPath)) return { pack, full: true };
      if (isAncestorOrSelf(pack.ownerPath, p.orgPath)) return { pack, full: false };
    }
    throw notFound('方案不存在。', `Pack ${id} not found.`);
  }

  private async writable(p: Principal, id: string, m: EntityManager): Promise<Access> {
    const a = await this.access(p, id, m);
    if (!a.full) throw forbidden('只有方案所属组织及其上级可以修改方案。', "Only the pack owner's organisation and those above it may change this pack.");
    return a;
  }

  private async readVersion(p: Principal, id: string, version: string, m: EntityManager = this.versions.manager) {
    const { pack, full } = await this.access(p, id, m);
    const v = await findVersion(m, id, version);
    if (!v || (!full && v.status !== 'published')) throw notFound('版本不存在。', `Version ${id}@${version} not found.`);
    return { pack, v };
  }
}

function parseRevision(ifMatch: string | undefined): number {
  if (!ifMatch || !ifMatch.trim() || ifMatch.trim() === '*') {
    throw new ApiError(
      HttpStatus.PRECONDITION_REQUIRED,
      'PreconditionRequired',
      '修改草稿须带 If-Match 请求头（取自 GET 返回的 ETag），以免覆盖他人的修改。',
      'Editing a draft needs an If-Match header (the ETag from GET), so that nobody overwrites another edit.',
    );
  }
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (!m) {
    throw conflict('StaleRevision', 'If-Match 与当前修订号不符，请刷新后重新编辑。', 'If-Match does not name the current revision; reload and edit again.');
  }
  return Number(m[1]);
}

function checkIdentity(doc: unknown, id: string, version: string, at: string): void {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw inputError(at, '方案文档须为 JSON 对象。', 'The pack document must be a JSON object.');
  }
  const d = doc as Record<string, unknown>;
  const errors = [];
  if (d.id !== id) errors.push({ path: `${at}/id`, zh: `文档的 id 须为 ${id}。`, en: `The document's id must be ${id}.` });
  if (d.version !== version) errors.push({ path: `${at}/version`, zh: `文档的 version 须为 ${version}。`, en: `The document's version must be ${version}.` });
  if (errors.length) {
    throw new KpValidationError(
      errors.map((e) => ({ kind: 'InvalidInput' as const, path: e.path, message: { 'zh-CN': e.zh, en: e.en } })),
      'input',
    );
  }
}

const TOO_LARGE_HINT = {
  zh: '请减少对象数量、不带追踪（trace）试算，或使用模拟任务。',
  en: 'Evaluate fewer subjects, leave out the trace, or run a simulation job.',
};

function prefix(errors: KpError[], at: string): KpError[] {
  return errors.map((e) => ({ ...e, path: at + e.path }));
}

function publishedImmutable(id: string, version: string): ApiError {
  return conflict('VersionPublished', `版本 ${id}@${version} 已发布，不可修改或删除；请新建版本。`, `Version ${id}@${version} is published and cannot change; create a new version.`);
}

export type { Pack };
