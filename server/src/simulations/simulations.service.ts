import { HttpStatus, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { inScope } from '../auth/access';
import type { Principal } from '../auth/principal';
import { ApiError, notFound } from '../common/api-error';
import { APP_CONFIG, type AppConfig } from '../config';
import { DatasetsService } from '../datasets/datasets.service';
import { exportResultsXlsx } from '../datasets/export';
import { outputText } from '../engine/explain';
import { KpValidationError, validatePack, type KpError, type Pack } from '../engine';
import { prepare, traceSubject, type SimulationPlan, type SimulationResult, type VariantSpec } from '../engine/simulate';
import { PacksService } from '../packs/packs.service';
import { DeploymentsService } from '../deployments/deployments.service';
import { inputError } from '../common/body';
import { budgetExceeded, budgetOf, evalLimits } from '../common/eval-pool/limits';
import { BudgetExceededError } from '../engine/compile/runtime';
import { SimulationProcessor } from './processor';
import { OrgEntity } from '../orgs/org.entity';
import { SimulationJobEntity } from './simulation-job.entity';
import { SimulationPartitionEntity } from './simulation-partition.entity';
import { DEAD_LETTER, QUEUE, startQueue, work, type Queue } from './queue';
import { cancelJob, findJob, insertJob, jobResult, jobSelection, type JobRow } from './store';

export interface NewSimulation {
  datasetId: string;
  /** A version, or a deployment (its version and the locality's values; `parameters` on top of them). */
  baseline: { packId?: string; version?: string; deploymentId?: string; parameters?: Record<string, unknown> };
  variants?: { name?: string; version?: string; document?: Record<string, unknown>; parameters?: Record<string, unknown> }[];
  sweep?: { parameter: string; from: number; to: number; step: number; variant?: number };
  options?: { breakdownBy?: string | null; maxChanged?: number };
}

/** Stored results keep at most this many changed subjects per variant (changedCount counts them all). */
const STORED_CHANGED = 10_000;

/**
 * Simulation jobs: checked and compiled when asked for (422 by pointer), queued in PostgreSQL, run by any
 * worker (this process too, unless KP_SIM_WORKER=off), results stored whole at the end.
 */
@Injectable()
export class SimulationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Simulations');
  private boss: Queue | null = null;
  private processor: SimulationProcessor | null = null;
  private queueError: string | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly packs: PacksService,
    private readonly datasets: DatasetsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly deployments: DeploymentsService,
  ) {}

  /** The audit row goes in the job's own transaction; the entry belongs to the job's organisation. */
  private audited(db: EntityManager, p: Principal, action: string, id: string, orgId: string, before: Record<string, unknown> | undefined, after: Record<string, unknown>): Promise<void> {
    return this.audit.record(db, p, { action, entity: 'simulation', entityId: id, orgId, before: before && { id, ...before }, after: { id, ...after } });
  }

  async onApplicationBootstrap(): Promise<void> {
    // The tables come from the migrations (1732395000000-simulations), which ran before this.
    try {
      this.boss = await startQueue({ dataSource: this.ds });
    } catch (e) {
      // The API still answers (datasets, stored results); creating jobs says why it cannot queue.
      this.queueError = (e as Error).message;
      this.log.warn(`simulation queue unavailable: ${this.queueError}`);
      return;
    }
    if (process.env.KP_SIM_WORKER === 'off') return;
    this.processor = new SimulationProcessor(this.ds, { packsDir: this.config.packsDir, threads: process.env.KP_SIM_THREADS ? Number(process.env.KP_SIM_THREADS) : undefined, queue: this.boss });
    await work(this.boss, QUEUE, 1, (m) => this.processor!.handle(m));
    await work(this.boss, DEAD_LETTER, 1, (m) => this.processor!.abandoned(m));
  }

  async onApplicationShutdown(): Promise<void> {
    // Not graceful: a job cut off here is taken over by another worker (or this one after a restart).
    await this.boss?.stop({ graceful: false, close: false } as never).catch(() => undefined);
    await this.processor?.close().catch(() => undefined);
  }

  /**
   * The baseline as a version and parameters. A deployment's baseline is its version with the locality's values
   * (and the request's on top); variants that keep that version start from the same values, so a variant says only
   * what it changes.
   */
  private async baselineOf(p: Principal, b: NewSimulation['baseline']): Promise<{ packId: string; version: string; parameters?: Record<string, unknown>; inherited: Record<string, unknown> }> {
    if (b.deploymentId) {
      if (b.packId || b.version) throw inputError('/baseline/deploymentId', '基准为部署时不再指定方案和版本。', 'A deployment baseline takes no packId or version.');
      const d = await this.deployments.get(p, b.deploymentId);
      const parameters = { ...d.parameters, ...(b.parameters ?? {}) };
      return { packId: d.packId, version: d.version, parameters: Object.keys(parameters).length ? parameters : undefined, inherited: d.parameters };
    }
    if (!b.packId || !b.version) throw inputError(!b.packId ? '/baseline/packId' : '/baseline/version', '请指定基准方案和版本，或一个部署（deploymentId）。', 'Give the baseline packId and version, or a deploymentId.');
    return { packId: b.packId, version: b.version, parameters: b.parameters, inherited: {} };
  }

  private async plan(p: Principal, body: NewSimulation): Promise<SimulationPlan> {
    const baseline = await this.baselineOf(p, body.baseline);
    const base = (await this.packs.getVersion(p, baseline.packId, baseline.version)).document;
    const errors: KpError[] = [];
    const variants: VariantSpec[] = [];
    for (const [i, v] of (body.variants ?? []).entries()) {
      let pack: Pack | undefined;
      if (v.document) {
        const problems = validatePack(v.document);
        errors.push(...problems.map((e) => ({ ...e, path: `/variants/${i}/document${e.path}` })));
        pack = v.document as unknown as Pack;
      } else if (v.version) pack = (await this.packs.getVersion(p, baseline.packId, v.version)).document;
      const sameVersion = !pack || pack.version === base.version;
      const parameters = sameVersion && Object.keys(baseline.inherited).length ? { ...baseline.inherited, ...(v.parameters ?? {}) } : v.parameters;
      variants.push({ name: v.name ?? '', pack, parameters });
    }
    if (errors.length) throw new KpValidationError(errors, 'pack');
    const sweepBase = body.sweep?.variant !== undefined ? variants[body.sweep.variant] : undefined;
    if (body.sweep?.variant !== undefined && !sweepBase) throw new KpValidationError([{ kind: 'InvalidInput', path: '/sweep/variant', message: { 'zh-CN': '没有这个方案变体', en: 'there is no such variant' } }], 'input');
    const plan: SimulationPlan = {
      baseline: { pack: base, parameters: baseline.parameters },
      variants,
      sweep: body.sweep ? { parameter: body.sweep.parameter, from: body.sweep.from, to: body.sweep.to, step: body.sweep.step, base: sweepBase } : null,
      options: { maxChanged: Math.min(body.options?.maxChanged ?? STORED_CHANGED, STORED_CHANGED), ...(body.options?.breakdownBy !== undefined ? { breakdownBy: body.options.breakdownBy } : {}) },
    };
    prepare(plan); // every override, version and sweep step compiles, or 422 naming each by pointer
    return plan;
  }

  async create(p: Principal, body: NewSimulation, kind: 'simulate' | 'sweep') {
    const dataset = await this.datasets.get(p, body.datasetId);
    const plan = await this.plan(p, body);
    if (dataset.packId !== plan.baseline.pack.id) {
      throw new KpValidationError([{ kind: 'InvalidInput', path: '/datasetId', message: { 'zh-CN': `数据集属于规则包 ${dataset.packId}`, en: `the dataset belongs to pack ${dataset.packId}` } }], 'input');
    }
    // The cause (logged at start-up) may name files and modules: it stays in the server log.
    if (!this.boss) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'QueueUnavailable', '模拟任务队列不可用，请稍后再试或联系管理员。', 'The simulation queue is unavailable; try again later or ask an administrator.');
    const id = await this.ds.transaction(async (tx) => {
      const id = await insertJob(tx, { orgId: p.orgId, kind, datasetId: dataset.id, plan, createdBy: p.username });
      const sides = plan.variants.map((v) => ({ name: v.name, pack: v.pack ? `${v.pack.id}@${v.pack.version}` : null, parameters: v.parameters ?? {} }));
      await this.audited(tx, p, 'simulation.create', id, p.orgId, undefined, { kind, datasetId: dataset.id, baseline: `${plan.baseline.pack.id}@${plan.baseline.pack.version}`, variants: sides, sweep: body.sweep ?? null });
      return id;
    });
    try {
      await this.boss.send(QUEUE, { jobId: id });
    } catch (e) {
      await this.ds
        .createQueryBuilder()
        .update(SimulationJobEntity)
        .set({ status: 'failed', error: { kind: 'Error', message: { 'zh-CN': '无法排队', en: (e as Error).message } }, finishedAt: () => 'now()' })
        .where('id = :id', { id })
        .execute();
      throw e;
    }
    return this.get(p, id);
  }

  async list(p: Principal) {
    // without the plans (whole pack documents)
    return this.ds
      .createQueryBuilder(SimulationJobEntity, 'j')
      .select(jobSelection(['plan']))
      .innerJoin(OrgEntity, 'o', 'o.id = j.orgId')
      .where(`o.path LIKE :orgPath || '%'`, { orgPath: p.orgPath })
      .orderBy('j.createdAt', 'DESC')
      .limit(200)
      .getMany();
  }

  private async job(p: Principal, id: string): Promise<JobRow> {
    const j = await findJob(this.ds.manager, id);
    if (!j || !inScope(p, j.orgPath)) throw notFound('模拟任务不存在。', `Simulation ${id} not found.`);
    return j;
  }

  /** Status, progress and figures; the plan only by name (packs and overrides), not whole documents; a split job's partitions. */
  async get(p: Principal, id: string) {
    const { plan, orgPath: _o, ...j } = (await this.job(p, id)) as JobRow & { orgPath: string };
    const parts = await this.ds.getRepository(SimulationPartitionEntity).find({
      select: { seq: true, spec: true, status: true, progress: true, attempts: true, worker: true, weight: true },
      where: { jobId: id },
      order: { seq: 'ASC' },
    });
    return {
      ...j,
      partitions: parts.length ? parts.map((q) => ({ seq: q.seq, spec: q.spec, weight: Number(q.weight), status: q.status, progress: q.progress, attempts: q.attempts, worker: q.worker })) : null,
      baseline: { pack: { id: plan.baseline.pack.id, version: plan.baseline.pack.version }, parameters: plan.baseline.parameters ?? {} },
      variants: plan.variants.map((v) => ({ name: v.name, pack: v.pack ? { id: v.pack.id, version: v.pack.version } : null, parameters: v.parameters ?? {} })),
      sweep: plan.sweep ? { parameter: plan.sweep.parameter, from: plan.sweep.from, to: plan.sweep.to, step: plan.sweep.step } : null,
    };
  }

  async result(p: Principal, id: string): Promise<SimulationResult> {
    const j = await this.job(p, id);
    const r = j.status === 'completed' ? await jobResult(this.ds.manager, id) : null;
    if (!r) throw new ApiError(HttpStatus.CONFLICT, 'NotCompleted', `模拟任务状态为 ${j.status}，没有结果。`, `The simulation is ${j.status}; it has no result.`, { status: j.status });
    return r;
  }

  async exportXlsx(p: Principal, id: string): Promise<Buffer> {
    const j = await this.job(p, id);
    const pack = j.plan.baseline.pack;
    // extra columns with each value in the pack's words (四星级, 是/否, 表态发言; a proposal as 建议撤职，待矿党委批准)
    return exportResultsXlsx(await this.result(p, id), { words: (o, v) => outputText(pack, o, v, 'zh-CN') });
  }

  async cancel(p: Principal, id: string) {
    const j = await this.job(p, id);
    const was = await this.ds.transaction(async (tx) => {
      const prior = await cancelJob(tx, id);
      if (prior) await this.audited(tx, p, 'simulation.cancel', id, j.orgId, { status: prior }, { status: 'cancelled' });
      return prior;
    });
    if (!was) {
      const now = (await findJob(this.ds.manager, id))?.status ?? j.status;
      throw new ApiError(HttpStatus.CONFLICT, 'NotCancellable', `模拟任务状态为 ${now}，不能取消。`, `The simulation is ${now}; it cannot be cancelled.`, { status: now });
    }
    return this.get(p, id);
  }

  /** Both traces of one changed subject, evaluated on request (results store no traces). */
  async trace(p: Principal, id: string, variant: string, period: string, subject: string) {
    const j = await this.job(p, id);
    const env = await this.datasets.envelope(p, j.datasetId);
    const prepared = prepare(j.plan);
    // The plan may hold a draft: its trace runs here, on the event loop, so under the evaluation budget.
    const limits = evalLimits();
    for (const side of [prepared.baseline, ...prepared.sides]) side.compiled.budgetCell.b = budgetOf(limits);
    let t;
    try {
      t = traceSubject(prepared, env, variant, period, subject);
    } catch (e) {
      if (e instanceof BudgetExceededError) throw budgetExceeded(e.error);
      throw e;
    }
    if (!t || (!t.before && !t.after)) throw notFound('找不到该对象或变体。', `No subject ${subject} in ${period}, or no variant "${variant}".`);
    return { variant, period, id: subject, ...t };
  }
}
