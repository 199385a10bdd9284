import { HttpStatus, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import { inScope, isAncestorOrSelf } from '../auth/access';
import type { Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { ApiError, notFound } from '../common/api-error';
import { isPeriod, kpError, KpValidationError, type I18nText, type KpError, type Pack } from '../engine';
import { validateEvery } from '../datasets/import';
import { periodStart } from '../common/period';
import { templateXlsx } from '../datasets/template';
import { UPLOADS } from '../datasets/xlsx-limits';
import { deploymentInForce } from '../deployments/deployments.repo';
import { EvaluationsService } from '../evaluations/evaluations.service';
import { OrgsService, type Org } from '../orgs/orgs.service';
import { PackRunner } from '../packs/pack-runner.service';
import { PacksService } from '../packs/packs.service';
import { findPack, findVersion, type PackVersion } from '../packs/pack-versions.repo';
import { changedCount, resultChanges } from './changes';
import { resultsXlsx } from './export';
import { readPeriodFile } from './period-file';
import { EvaluationEntity } from '../evaluations/evaluation.entity';
import { PeriodJobEntity } from './period-job.entity';
import { PeriodUploadEntity } from './period-upload.entity';
import { currentEvaluation, failOrphanedJobs, findJob, findUpload, insertJob, insertUpload, previousEvaluation, updateJob } from './store';
import type { PeriodEvaluated } from '../api-types';

/** Rows of an upload's answer that show what was read. */
const PREVIEW_ROWS = 50;
/** Subjects checked per step of a job (its progress moves by these, and the server answers other requests between). */
const BATCH = 500;

export type { PeriodEvaluated } from '../api-types';

/**
 * A locality's assessment period in the browser (issue 20): the fill-in workbook, the upload of the filled file
 * (kept whole and valid, or refused with every error by Excel row and header), its evaluation with the version
 * deployed for the period (through EvaluationsService.run: history, parameters, audit), as a job with progress
 * when it is large, what changed against the previous run of the period, and the results as an .xlsx.
 */
@Injectable()
export class PeriodsService implements OnModuleInit {
  private readonly log = new Logger('Periods');
  /** Jobs run in this process, one after another; a request only queues one. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: DataSource,
    @InjectRepository(PeriodUploadEntity) private readonly uploads: Repository<PeriodUploadEntity>,
    @InjectRepository(PeriodJobEntity) private readonly jobs: Repository<PeriodJobEntity>,
    @InjectRepository(EvaluationEntity) private readonly evaluationRows: Repository<EvaluationEntity>,
    private readonly orgs: OrgsService,
    private readonly packs: PacksService,
    private readonly runner: PackRunner,
    private readonly evaluations: EvaluationsService,
    private readonly audit: AuditService,
  ) {}

  /** At most this many subjects are evaluated within the request (KP_PERIOD_SYNC_MAX, default 500); more go to a job. */
  get syncMax(): number {
    const n = Number(process.env.KP_PERIOD_SYNC_MAX);
    const own = Number.isInteger(n) && n >= 0 ? n : 500;
    return Math.min(own, this.evaluations.limits.maxSubjectPeriods);
  }

  async onModuleInit(): Promise<void> {
    await failOrphanedJobs(this.jobs, { 'zh-CN': '服务器重启，考评任务已中断，未保存任何结果：请重新点击“开始考评”。', en: 'The server restarted and the job stopped: evaluate again.' });
  }

  /** The fill-in workbook of a pack version the user may read. */
  async template(p: Principal, packId: string, version: string): Promise<{ file: Buffer; filename: string }> {
    const v = await this.packs.getVersion(p, packId, version);
    return { file: await templateXlsx(v.document), filename: `${v.document.id}-${v.document.version}-填报模板.xlsx` };
  }

  /** Reads a filled file for a period of the organisation; stores it when every cell is valid (422 with every error otherwise). */
  async upload(p: Principal, orgId: string, packId: string, period: string, data: Buffer, filename: string | null) {
    const { org, version, parameters } = await this.deployed(p, orgId, packId, period);
    // checked as run() will check it: the deployed version with the locality's own parameter values (ranges may read them)
    const compiled = this.runner.compile(version.document, version.contentHash, parameters);
    const file = await UPLOADS.run(() => readPeriodFile(version.document, compiled, period, data));
    if (!file.input) {
      const n = file.errors.length;
      throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'UploadInvalid', `上传的文件有 ${n} 处错误，未保存。`, `The file has ${n} error${n === 1 ? '' : 's'}; nothing was stored.`, {
        target: 'input',
        total: n,
        errors: file.errors,
      });
    }
    const input = file.input;
    const row = await this.db.transaction(async (m) => {
      const u = await insertUpload(m.withRepository(this.uploads), { orgId: org.id, packId, period, version: version.version, filename, format: file.format, subjects: input.subjects.length, columns: file.columns, input, createdBy: p.username });
      await this.audit.record(m, p, {
        action: 'period.upload',
        entity: 'period_upload',
        entityId: u.id,
        orgId: org.id,
        after: { id: u.id, packId, period, version: version.version, filename, format: file.format, subjects: u.subjects },
      });
      return u;
    });
    const preview = input.subjects.slice(0, PREVIEW_ROWS).map((s, j) => ({
      row: file.rows[j],
      id: s.id,
      values: Object.fromEntries(file.columns.map((c) => [c.pointer, valueAt(s, c.pointer)])),
    }));
    return { uploadId: row.id, orgId: org.id, packId, period, version: row.version, filename, subjects: row.subjects, columns: row.columns, preview, createdAt: row.createdAt };
  }

  /** Evaluates a stored upload: within the request when small (201), else as a job (202 { jobId }). */
  async evaluate(p: Principal, orgId: string, packId: string, period: string, uploadId: string): Promise<{ status: 201; body: PeriodEvaluated } | { status: 202; body: { jobId: string } }> {
    const { org } = await this.deployed(p, orgId, packId, period);
    const upload = await findUpload(this.uploads, uploadId);
    if (!upload || upload.orgId !== org.id || upload.packId !== packId || upload.period !== period) {
      throw notFound('上传记录不存在（或不属于该组织、方案和考评期）。', `Upload ${uploadId} not found for this organisation, pack and period.`);
    }
    if (upload.subjects <= this.syncMax) return { status: 201, body: await this.evaluateUpload(p, upload) };
    const job = await this.db.transaction(async (m) => {
      const j = await insertJob(m.withRepository(this.jobs), { uploadId: upload.id, orgId: org.id, packId, period, total: upload.subjects, createdBy: p.username });
      await this.audit.record(m, p, { action: 'period.evaluate.queued', entity: 'period_job', entityId: j.id, orgId: org.id, after: { id: j.id, uploadId: upload.id, packId, period, subjects: upload.subjects } });
      return j;
    });
    // started after this request is answered (setImmediate), and after the jobs queued before it
    this.queue = this.queue.then(() => new Promise<void>((r) => setImmediate(r))).then(() => this.runJob(p, job.id, upload));
    return { status: 202, body: { jobId: job.id } };
  }

  /** A job of an organisation the user may see: its state and progress in subjects. */
  async job(p: Principal, id: string) {
    const j = await findJob(this.jobs, id);
    if (!j || !inScope(p, j.orgPath)) throw notFound('任务不存在。', `Job ${id} not found.`);
    return { id: j.id, state: j.state, done: j.done, total: j.total, evaluationId: j.evaluationId, previousEvaluationId: j.previousEvaluationId, changed: j.changed, error: j.error };
  }

  /** What changed in an evaluation against the run of the same period before it. */
  async changes(p: Principal, evaluationId: string) {
    const row = await this.evaluations.get(p, evaluationId);
    const prev = await previousEvaluation(this.evaluationRows, row.id);
    if (!prev) return { evaluationId: row.id, previousEvaluationId: null, changed: [], added: [], removed: [] };
    const pack = await this.document(row.packId, row.version);
    const diff = resultChanges(pack, prev.results, row.results);
    const sentences = diff.changed.length ? await this.evaluations.explanations(p, row.id, 'zh-CN') : {};
    return {
      evaluationId: row.id,
      previousEvaluationId: prev.id,
      changed: diff.changed.map((c) => ({ ...c, explanation: sentences[c.id]?.[c.outputs[0].output] ?? '' })),
      added: diff.added,
      removed: diff.removed,
    };
  }

  /** The results of a stored evaluation as an .xlsx with Chinese headers and labelled values. */
  async export(p: Principal, evaluationId: string): Promise<{ file: Buffer; filename: string }> {
    const row = await this.evaluations.get(p, evaluationId);
    const pack = await this.document(row.packId, row.version);
    const org = await this.orgs.find(row.orgId);
    const explanations = await this.evaluations.explanations(p, row.id, 'zh-CN');
    const file = await resultsXlsx({ orgName: org?.nameZh ?? row.orgId, pack, version: row.version, period: row.period, evaluationId: row.id, createdAt: new Date(row.createdAt), results: row.results, explanations });
    return { file, filename: `${org?.nameZh ?? row.orgId}-${row.period}-${pack.title['zh-CN'] ?? pack.id}-考评结果.xlsx` };
  }

  /** The run itself, shared by the request and the job. */
  private async evaluateUpload(p: Principal, upload: PeriodUploadEntity, job?: { id: string }): Promise<PeriodEvaluated> {
    const prev = await currentEvaluation(this.evaluationRows, upload.orgId, upload.packId, upload.period);
    // a job is the batch route: the per-request budget (KP_EVAL_MAX_SUBJECT_PERIODS) is not its limit
    const out = await this.evaluations.run(p, upload.orgId, upload.packId, { periods: [upload.input] }, job ? { maxSubjectPeriods: Number.MAX_SAFE_INTEGER } : {});
    const e = out.periods[0];
    const changed = prev ? changedCount(prev.results, e.results) : 0;
    const body: PeriodEvaluated = { evaluationId: e.evaluationId, previousEvaluationId: prev?.id ?? null, period: e.period, version: e.version, subjects: e.results.length, changed };
    await this.audit.record(this.db, p, {
      action: 'period.evaluate',
      entity: 'evaluation',
      entityId: e.evaluationId,
      orgId: upload.orgId,
      after: { ...body, packId: upload.packId, uploadId: upload.id, ...(job ? { jobId: job.id } : {}) },
    });
    return body;
  }

  private async runJob(p: Principal, jobId: string, upload: PeriodUploadEntity): Promise<void> {
    try {
      await updateJob(this.jobs, jobId, { state: 'running' });
      await this.checkInBatches(upload, (done) => updateJob(this.jobs, jobId, { done }));
      // the engine then evaluates the period whole (quotas and ranks see every subject) and run() stores it whole
      const body = await this.evaluateUpload(p, upload, { id: jobId });
      await updateJob(this.jobs, jobId, { state: 'done', done: upload.subjects, evaluationId: body.evaluationId, previousEvaluationId: body.previousEvaluationId, changed: body.changed });
    } catch (e) {
      this.log.warn(`period job ${jobId} failed: ${(e as Error).message}`);
      await updateJob(this.jobs, jobId, { state: 'failed', error: jobError(e) }).catch(() => undefined);
    }
  }

  /**
   * A job's first step, by batches of subjects: the kept upload checked against the version deployed for the period
   * now (a version deployed since the upload may want other data), every problem listed; `progress` hears how many
   * subjects are checked. The server answers other requests between batches.
   */
  private async checkInBatches(upload: PeriodUploadEntity, progress: (done: number) => Promise<void>): Promise<void> {
    const d = await deploymentInForce(this.db.manager, upload.orgId, upload.packId, periodStart(upload.period)!);
    if (!d) throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'NoDeployment', `${upload.period} 期已没有生效的方案版本：请先部署。`, `No version of ${upload.packId} is deployed for ${upload.period} any more.`);
    const version = (await findVersion(this.db.manager, upload.packId, d.version))!;
    const compiled = this.runner.compile(version.document, version.contentHash, Object.keys(d.parameters ?? {}).length ? d.parameters : undefined);
    const subjects = upload.input.subjects;
    const errors: KpError[] = [];
    for (let k = 0; k < subjects.length; k += BATCH) {
      const part = validateEvery(compiled, { periods: [{ ...upload.input, subjects: subjects.slice(k, k + BATCH) }] });
      errors.push(...part.map((e) => ({ ...e, path: e.path.replace(/^\/periods\/0\/subjects\/(\d+)/, (_, j: string) => `/periods/0/subjects/${k + Number(j)}`) })));
      await progress(Math.min(subjects.length, k + BATCH));
      await new Promise<void>((r) => setImmediate(r));
    }
    if (errors.length) throw new KpValidationError(errors, 'input');
  }

  /** The organisation (in the user's subtree), the pack (one that reaches it) and the version deployed for the period. */
  private async deployed(p: Principal, orgId: string, packId: string, period: string): Promise<{ org: Org; version: PackVersion; parameters: Record<string, unknown> | undefined }> {
    const org = await this.orgs.findInScope(p, orgId);
    const pack = await findPack(this.db.manager, packId);
    if (!pack || !(isAncestorOrSelf(pack.ownerPath, org.path) || inScope(p, pack.ownerPath))) throw notFound('方案不存在。', `Pack ${packId} not found.`);
    const start = periodStart(period);
    if (!start) throw new KpValidationError([kpError('BadPeriod', '/period', `考评期 "${period}" 无效（如 "2024"、"2024-Q3"、"2024-B2"）。`, `"${period}" is not a period (e.g. "2024", "2024-Q3", "2024-B2").`)], 'input');
    const d = await deploymentInForce(this.db.manager, org.id, packId, start);
    if (!d) {
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'NoDeployment',
        `${org.nameZh}在 ${period} 期没有生效的“${pack.title['zh-CN'] ?? packId}”版本：请先在“部署”中部署一个版本。`,
        `No version of ${packId} is deployed for ${org.nameEn} in ${period}: deploy one first.`,
        { path: '/period' },
      );
    }
    const version = (await findVersion(this.db.manager, packId, d.version))!;
    if (!isPeriod(version.document.period, period)) {
      throw new KpValidationError([kpError('BadPeriod', '/period', `该方案按${KIND_ZH[version.document.period] ?? version.document.period}考评，考评期 "${period}" 不符。`, `This pack is assessed by ${version.document.period}; "${period}" is not such a period.`)], 'input');
    }
    const local = d.parameters;
    return { org, version, parameters: local && Object.keys(local).length ? local : undefined };
  }

  private async document(packId: string, version: string): Promise<Pack> {
    const v = await findVersion(this.db.manager, packId, version);
    if (!v) throw notFound('版本不存在。', `Version ${packId}@${version} not found.`);
    return v.document;
  }
}

const KIND_ZH: Record<string, string> = { year: '年度', quarter: '季度', bimonth: '两个月' };

/** A value of a subject by a pointer relative to it (/self/leadership). */
function valueAt(subject: Record<string, unknown>, pointer: string): unknown {
  let v: unknown = subject;
  for (const k of pointer.split('/').slice(1)) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v ?? null;
}

/** Why a job failed, for the page: the API error's message, the first input error, or a plain internal error. */
function jobError(e: unknown): I18nText {
  if (e instanceof KpValidationError) {
    const first = e.errors[0];
    return {
      'zh-CN': `数据不符合当前部署的版本（${e.errors.length} 处错误，第一处 ${first?.path ?? ''}：${first?.message['zh-CN'] ?? ''}），未保存任何结果。`,
      en: `The data does not fit the deployed version (${e.errors.length} errors; first at ${first?.path ?? ''}: ${first?.message.en ?? ''}); nothing was stored.`,
    };
  }
  if (e instanceof ApiError) {
    const body = e.getResponse() as { message?: I18nText };
    if (body.message) return body.message;
  }
  return { 'zh-CN': '评估失败：服务器内部错误，未保存任何结果。', en: 'The evaluation failed (internal error); nothing was stored.' };
}
