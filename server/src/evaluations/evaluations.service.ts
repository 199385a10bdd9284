import { randomUUID } from 'node:crypto';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { inScope, isAncestorOrSelf } from '../auth/access';
import type { Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError, notFound } from '../common/api-error';
import { budgetExceeded, budgetOf, evalLimits, type EvalLimits } from '../common/eval-pool/limits';
import { BudgetExceededError } from '../engine/compile/runtime';
import { jsonDiff } from '../common/json-diff';
import { kpError, KpValidationError, type KpError } from '../engine/errors';
import type { CompiledPack } from '../engine';
import type { Envelope, SubjectResult, TraceEntry } from '../engine/types';
import { attachExplanations, type Locale } from '../engine/explain';
import type { Pack } from '../engine/types';
import { deploymentInForce } from '../deployments/deployments.repo';
import { checkLocalValues } from '../engine/compile/local';
import { OrgsService } from '../orgs/orgs.service';
import { checkEnvelopeShape } from '../packs/envelope-shape';
import { PackRunner } from '../packs/pack-runner.service';
import { findPack, findVersion, type PackVersion } from '../packs/pack-versions.repo';
import { priorFor, rebase, requestedPeriods, type RequestedPeriod } from './evaluation-plan';
import { EvaluationEntity } from './evaluation.entity';
import {
  findEvaluation,
  findEvaluations,
  insertEvaluation,
  latestBefore,
  listEvaluations,
  toPrior,
  type EvaluationRow,
  type PriorRef,
} from './evaluations.repo';

interface Planned extends RequestedPeriod {
  version: PackVersion;
  compiled: CompiledPack;
  /** The parameter values this period is evaluated with besides the pack's: the deployment's, then the request's (null: none). */
  parameters: Record<string, unknown> | null;
}

/**
 * Official evaluations of a locality: each period with the version deployed for it, history from stored results,
 * everything kept (input snapshot, parameters, outputs, trace, the exact prior evaluations read) so that any
 * period can be reproduced later. A batch is stored whole or not at all.
 */
@Injectable()
export class EvaluationsService {
  constructor(
    private readonly db: DataSource,
    @InjectRepository(EvaluationEntity) private readonly evaluations: Repository<EvaluationEntity>,
    private readonly orgs: OrgsService,
    private readonly audit: AuditService,
    private readonly runner: PackRunner,
  ) {}

  /** Budgets of stored evaluations (KP_EVAL_MAX_SUBJECT_PERIODS, KP_EVAL_MAX_TRACE_BYTES, steps and characters). */
  readonly limits: EvalLimits = evalLimits();

  /**
   * Evaluate and store. At most KP_EVAL_MAX_SUBJECT_PERIODS subjects × periods (413 past it, before any work: large
   * inputs go to datasets and simulation jobs). The trace is stored only with `trace` (and within
   * KP_EVAL_MAX_TRACE_BYTES); otherwise it is recomputed from the stored snapshot when asked for.
   */
  async run(p: Principal, orgId: string, packId: string, body: unknown, opts: { trace?: boolean; maxSubjectPeriods?: number } = {}) {
    // Counted before the shape check walks every subject: a huge envelope is refused at once. The period job
    // (periods/) passes its own limit: it is the batch route this 413 points large inputs to.
    const periods = (body as { periods?: unknown } | null)?.periods;
    const size = Array.isArray(periods) ? periods.reduce((n: number, x) => n + (Array.isArray((x as { subjects?: unknown } | null)?.subjects) ? (x as { subjects: unknown[] }).subjects.length : 0), 0) : 0;
    if (size > (opts.maxSubjectPeriods ?? this.limits.maxSubjectPeriods)) {
      throw new ApiError(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'EvaluationTooLarge',
        `一次存储评估最多 ${this.limits.maxSubjectPeriods} 个“对象×考评期”（本次 ${size} 个，上限 KP_EVAL_MAX_SUBJECT_PERIODS）。请分批提交，或上传为数据集后用模拟任务（POST /api/v1/simulations）计算。`,
        `A stored evaluation takes at most ${this.limits.maxSubjectPeriods} subject-periods (this one has ${size}; KP_EVAL_MAX_SUBJECT_PERIODS). Send it in batches, or upload it as a dataset and run a simulation job (POST /api/v1/simulations).`,
        { limit: this.limits.maxSubjectPeriods, subjectPeriods: size, batchRoute: '/api/v1/simulations' },
      );
    }
    checkEnvelopeShape(body, '');
    const env = body as Envelope;
    const org = await this.orgs.findInScope(p, orgId);
    const pack = await findPack(this.evaluations.manager, packId);
    if (!pack || !(isAncestorOrSelf(pack.ownerPath, org.path) || inScope(p, pack.ownerPath))) throw notFound('方案不存在。', `Pack ${packId} not found.`);

    const planned = await this.plan(org.id, packId, requestedPeriods(env.periods), env.parameters);
    const last = planned[planned.length - 1].start;
    const requested = new Set(planned.map((x) => x.period.period));
    const stored = (await latestBefore(this.evaluations.manager, org.id, packId, last)).filter((s) => !requested.has(s.period));
    const history: (ReturnType<typeof toPrior> & { start: string; evaluationId: string })[] = stored.map((s) => ({ ...s, start: s.periodStart }));

    const batchId = randomUUID();
    const rows: Omit<EvaluationRow, 'createdAt'>[] = [];
    const budget = budgetOf(this.limits);
    let traceBytes = 0;
    for (const x of planned) {
      const prior = priorFor(x.start, x.compiled.pack.period, history);
      const refs: PriorRef[] = prior.map((pp) => ({ period: pp.period, evaluationId: history.find((h) => h.period === pp.period)!.evaluationId }));
      let out;
      try {
        out = this.runner.evaluate(x.compiled, { periods: [x.period] }, { trace: !!opts.trace, prior, budget });
      } catch (e) {
        if (e instanceof KpValidationError) throw new KpValidationError(rebase(e.errors, x.index), e.target);
        if (e instanceof BudgetExceededError) throw budgetExceeded(e.error);
        throw e;
      }
      const result = out.periods[0];
      const split = splitTrace(result.results);
      const results = split.results;
      const trace = opts.trace ? split.trace : null;
      if (trace) {
        traceBytes += Buffer.byteLength(JSON.stringify(trace));
        if (traceBytes > this.limits.maxTraceBytes) {
          throw new ApiError(
            HttpStatus.PAYLOAD_TOO_LARGE,
            'TraceTooLarge',
            `追踪记录超过 ${this.limits.maxTraceBytes} 字节的存储上限（KP_EVAL_MAX_TRACE_BYTES），未保存任何结果。请不带 trace=true 提交：查看时会从输入快照重新计算追踪。`,
            `The trace is larger than the storage limit of ${this.limits.maxTraceBytes} bytes (KP_EVAL_MAX_TRACE_BYTES); nothing was stored. Submit without trace=true: the trace is recomputed from the input snapshot when read.`,
            { limit: this.limits.maxTraceBytes },
          );
        }
      }
      const id = randomUUID();
      rows.push({
        id,
        batchId,
        orgId: org.id,
        packId,
        version: x.version.version,
        contentHash: x.version.contentHash,
        period: x.period.period,
        periodStart: x.start,
        input: x.period,
        parameters: x.parameters,
        prior: refs,
        results,
        summary: result.summary,
        trace,
        createdBy: p.username,
      });
      history.push({ ...toPrior(x.period.period, x.period, results, result.summary), start: x.start, evaluationId: id });
    }

    await this.db.transaction(async (m) => {
      for (const row of rows) {
        await insertEvaluation(m, row);
        await this.audit.record(m, p, {
          action: 'evaluation.create',
          entity: 'evaluation',
          entityId: row.id,
          orgId: org.id,
          after: { batchId, packId, version: row.version, contentHash: row.contentHash, period: row.period, subjects: row.results.length, parameters: row.parameters },
        });
      }
    });
    return {
      batchId,
      orgId: org.id,
      packId,
      periods: rows.map((r) => ({
        evaluationId: r.id,
        period: r.period,
        version: r.version,
        contentHash: r.contentHash,
        parameters: r.parameters,
        results: opts.trace ? r.results.map((s) => ({ ...s, trace: traceOf(r.trace, s.id) })) : r.results,
        summary: r.summary,
      })),
    };
  }

  async list(p: Principal, q: { orgId?: string; packId?: string; period?: string; limit?: number }) {
    const root = q.orgId ? await this.orgs.findInScope(p, q.orgId) : null;
    return listEvaluations(this.evaluations.manager, {
      orgPath: root ? root.path : p.orgPath,
      packId: q.packId,
      period: q.period,
      limit: Math.min(Math.max(q.limit ?? 200, 1), 1000),
    });
  }

  /**
   * One stored evaluation; with `trace`, each subject's trace: the stored one when the evaluation was stored with
   * trace=true, else recomputed from the input snapshot (as reproduce does). `traceSource` says which.
   */
  async get(p: Principal, id: string, trace = false) {
    const row = await this.findInScope(p, id);
    if (!trace) return { ...row, trace: undefined };
    let t = row.trace;
    let traceSource: 'stored' | 'recomputed' = 'stored';
    if (!t) {
      t = (await this.recompute(row)).trace;
      traceSource = 'recomputed';
    }
    return { ...row, results: row.results.map((s) => ({ ...s, trace: traceOf(t, s.id) })), trace: undefined, traceSource };
  }

  /**
   * Re-run a stored evaluation from its snapshot (same version, parameters and prior evaluations) and compare
   * results, summary and, when it was stored, the trace.
   */
  async reproduce(p: Principal, id: string) {
    const row = await this.findInScope(p, id);
    const again = await this.recompute(row);
    const differences = jsonDiff(
      { contentHash: row.contentHash, results: row.results, summary: row.summary, ...(row.trace ? { trace: row.trace } : {}) },
      { contentHash: again.contentHash, results: again.results, summary: again.summary, ...(row.trace ? { trace: again.trace } : {}) },
    );
    return { evaluationId: row.id, period: row.period, packId: row.packId, version: row.version, identical: differences.length === 0, traceCompared: !!row.trace, differences };
  }

  /** One sentence per output of every result of a stored evaluation (from its trace, stored or recomputed), by subject id. */
  async explanations(p: Principal, id: string, locale: Locale): Promise<Record<string, Record<string, string>>> {
    const row = await this.get(p, id, true);
    const v = await findVersion(this.evaluations.manager, row.packId, row.version);
    if (!v) throw notFound('版本不存在。', `Version ${row.packId}@${row.version} not found.`);
    const out = attachExplanations(v.document as Pack, { periods: [{ period: row.period, results: row.results as SubjectResult[] }] }, locale, false);
    return Object.fromEntries(out.periods[0].results.map((r) => [r.id, (r as { explanation?: Record<string, string> }).explanation ?? {}]));
  }

  /** The evaluation again, traced, from its snapshot: the version as stored now, its parameters and the prior evaluations it read. */
  private async recompute(row: EvaluationRow) {
    const v = await findVersion(this.evaluations.manager, row.packId, row.version);
    if (!v) throw notFound('版本不存在。', `Version ${row.packId}@${row.version} not found.`);
    const priorRows = await findEvaluations(this.evaluations.manager, row.prior.map((r) => r.evaluationId));
    const byId = new Map(priorRows.map((r) => [r.id, r]));
    const prior = row.prior.map((ref) => {
      const r = byId.get(ref.evaluationId)!;
      return toPrior(r.period, r.input, r.results, r.summary);
    });
    const compiled = this.runner.compile(v.document, v.contentHash, row.parameters ?? undefined);
    let out;
    try {
      out = this.runner.evaluate(compiled, { periods: [row.input] }, { trace: true, prior, budget: budgetOf(this.limits) }).periods[0];
    } catch (e) {
      if (e instanceof BudgetExceededError) throw budgetExceeded(e.error);
      throw e;
    }
    const again = splitTrace(out.results);
    return { contentHash: v.contentHash, results: again.results, summary: out.summary, trace: again.trace };
  }

  private async findInScope(p: Principal, id: string): Promise<EvaluationRow> {
    const found = /^[0-9a-f-]{36}$/i.test(id) ? await findEvaluation(this.evaluations.manager, id) : null;
    if (!found || !inScope(p, found.orgPath)) throw notFound('评估记录不存在。', `Evaluation ${id} not found.`);
    return found.row;
  }

  /**
   * The deployed version and compiled pack of every requested period; every problem of every period at once.
   * Parameters: the pack's values, then the deployment's local values, then the request's `parameters`. The request
   * is held to the same limits as a deployment (local parameters only, each within its range: 422 by pointer
   * otherwise), so an official evaluation never leaves the range the province allows.
   */
  private async plan(orgId: string, packId: string, periods: RequestedPeriod[], parameters: Record<string, unknown> | undefined): Promise<Planned[]> {
    const errors: KpError[] = [];
    const paramErrors: KpError[] = [];
    const planned: Planned[] = [];
    const compiledByDeployment = new Map<string, { version: PackVersion; compiled: CompiledPack; parameters: Record<string, unknown> | null } | null>();
    for (const x of periods) {
      const d = await deploymentInForce(this.evaluations.manager, orgId, packId, x.start);
      if (!d) {
        errors.push(
          kpError('PackNotFound', `/periods/${x.index}/period`, `${x.period.period} 期没有生效的方案版本（请先部署）。`, `No version of ${packId} is deployed for the period ${x.period.period}.`),
        );
        continue;
      }
      let c = compiledByDeployment.get(d.id);
      if (c === undefined) {
        const version = (await findVersion(this.evaluations.manager, packId, d.version))!;
        const refused = checkLocalValues(version.document as Pack, parameters ?? {});
        paramErrors.push(...refused.filter((e) => !paramErrors.some((f) => f.path === e.path && f.message.en === e.message.en)));
        const values = { ...(d.parameters ?? {}), ...(parameters ?? {}) };
        const used = Object.keys(values).length ? values : null;
        c = refused.length ? null : { version, compiled: this.runner.compile(version.document, version.contentHash, used ?? undefined), parameters: used };
        compiledByDeployment.set(d.id, c);
      }
      if (!c) continue;
      errors.push(...rebase(this.runner.validateEnvelope(c.compiled, { periods: [x.period] }), x.index));
      planned.push({ ...x, ...c });
    }
    if (paramErrors.length) throw new KpValidationError([...paramErrors, ...errors], 'parameters');
    if (errors.length) throw new KpValidationError(errors, 'input');
    return planned;
  }
}

/** A subject's trace by id, own keys only: an id like `constructor` must not read Object.prototype. */
function traceOf(trace: Record<string, TraceEntry[]> | null | undefined, id: string): TraceEntry[] {
  return trace && Object.prototype.hasOwnProperty.call(trace, id) ? trace[id] : [];
}

/**
 * Outputs and traces apart; the trace is keyed by subject id in a prototype-free object, so an id `__proto__`
 * is an ordinary key (stored, read back and compared like any other).
 */
function splitTrace(results: SubjectResult[]): { results: SubjectResult[]; trace: Record<string, TraceEntry[]> } {
  const trace: Record<string, TraceEntry[]> = Object.create(null);
  const plain = results.map(({ trace: t, ...r }) => {
    if (t) trace[r.id] = t;
    return r;
  });
  return { results: plain, trace };
}
