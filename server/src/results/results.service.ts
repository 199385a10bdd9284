import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Principal } from '../auth/principal';
import { inputError } from '../common/body';
import { compareSemver } from '../common/semver';
import type { I18nText, Pack, SubjectResult } from '../engine/types';
import { OrgsService } from '../orgs/orgs.service';
import { localNotes } from '../engine/compile/local';
import { EvaluationEntity } from '../evaluations/evaluation.entity';
import { findVersion } from '../packs/pack-versions.repo';

interface CurrentRow {
  evaluationId: string;
  orgId: string;
  orgNameZh: string;
  orgNameEn: string;
  version: string;
  contentHash: string;
  results: SubjectResult[];
  summary: Record<string, unknown>;
  /** The parameter values the evaluation used besides the pack's (the deployment's local values). */
  parameters: Record<string, unknown> | null;
  createdAt: Date;
}

export interface ResultRow {
  orgId: string;
  orgNameZh: string;
  orgNameEn: string;
  subjectId: string;
  outputs: Record<string, unknown>;
  evaluationId: string;
  version: string;
}

export interface ResultQuery {
  packId?: string;
  period?: string;
  orgId?: string;
}

/** What the results pages read: the current (latest) evaluation of a period in every organisation of a scope. */
@Injectable()
export class ResultsService {
  constructor(
    @InjectRepository(EvaluationEntity) private readonly evaluations: Repository<EvaluationEntity>,
    private readonly orgs: OrgsService,
  ) {}

  /** The periods of a pack that have results in the scope, newest first. */
  async periods(p: Principal, q: ResultQuery) {
    if (!q.packId) throw inputError('/packId', '缺少参数 packId。', 'The query parameter packId is required.');
    const path = await this.scopePath(p, q.orgId);
    const rows = await this.evaluations
      .createQueryBuilder('e')
      .innerJoin('e.org', 'o')
      .select('e.period', 'period')
      .addSelect('CAST(min(e.periodStart) AS text)', 'periodStart')
      .addSelect('count(DISTINCT e.orgId)', 'orgs')
      .addSelect('count(*)', 'evaluations')
      .where(`o.path LIKE :path || '%' AND e.packId = :packId`, { path, packId: q.packId })
      .groupBy('e.period')
      .orderBy('min(e.periodStart)', 'DESC')
      .getRawMany<{ period: string; periodStart: string; orgs: string; evaluations: string }>();
    return rows.map((r) => ({ period: r.period, periodStart: r.periodStart, orgs: Number(r.orgs), evaluations: Number(r.evaluations) }));
  }

  /** Every subject's outputs for a period across the scope, with the output labels of the pack. */
  async table(p: Principal, q: ResultQuery) {
    const { packId, period } = required(q);
    const current = await this.current(p, packId, period, q.orgId);
    const columns = await this.columns(packId, current);
    const rows: ResultRow[] = current.flatMap((c) =>
      c.results.map((r) => ({ orgId: c.orgId, orgNameZh: c.orgNameZh, orgNameEn: c.orgNameEn, subjectId: r.id, outputs: r.outputs, evaluationId: c.evaluationId, version: c.version })),
    );
    const summaries = current.map((c) => ({ orgId: c.orgId, evaluationId: c.evaluationId, version: c.version, summary: c.summary, parameters: c.parameters }));
    return { packId, period, columns, rows, summaries };
  }

  /** The scope's subjects ordered by one numeric output, with standard competition ranks (1, 2, 2, 4). */
  async ranking(p: Principal, q: ResultQuery & { by?: string; order?: string; limit?: number }) {
    const { packId, period, columns, rows } = await this.table(p, q);
    // nothing evaluated in this scope: an empty table, whatever it would be ranked by
    if (rows.length === 0) return { packId, period, by: q.by ?? null, order: q.order ?? 'desc', columns, rows: [] };
    const by = q.by ?? defaultRankingOutput(columns.map((c) => c.name), rows);
    if (!by || !columns.some((c) => c.name === by)) {
      throw inputError('/by', `输出 ${by ?? ''} 不存在，可选：${columns.map((c) => c.name).join('、')}。`, `No output ${by ?? ''}; choose one of ${columns.map((c) => c.name).join(', ')}.`);
    }
    if (q.order && q.order !== 'asc' && q.order !== 'desc') throw inputError('/order', 'order 须为 asc 或 desc。', 'order must be asc or desc.');
    const sign = q.order === 'asc' ? 1 : -1;
    const num = (r: ResultRow) => (typeof r.outputs[by] === 'number' ? (r.outputs[by] as number) : null);
    const sorted = [...rows].sort((a, b) => {
      const x = num(a);
      const y = num(b);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return x === y ? (a.orgId + a.subjectId < b.orgId + b.subjectId ? -1 : 1) : sign * (x - y);
    });
    let rank = 0;
    const ranked = sorted.map((r, i) => {
      if (i === 0 || num(sorted[i - 1]) !== num(r)) rank = i + 1;
      return { rank: num(r) === null ? null : rank, value: num(r), ...r };
    });
    return { packId, period, by, order: q.order ?? 'desc', columns, rows: q.limit ? ranked.slice(0, q.limit) : ranked };
  }

  /** The 公示 (public notice) list: every subject and its outputs for a period, titled for printing. */
  async notice(p: Principal, q: ResultQuery) {
    const { packId, period, columns, rows, summaries } = await this.table(p, q);
    const scope = q.orgId ? await this.orgs.findInScope(p, q.orgId) : await this.orgs.findInScope(p, p.orgId);
    const packTitle = await this.packTitle(packId, rows);
    return {
      title: {
        'zh-CN': `关于${scope.nameZh}${period}期${packTitle['zh-CN']}结果的公示`,
        en: `Public notice: ${packTitle.en} results of ${scope.nameEn} for ${period}`,
      },
      packId,
      packTitle,
      period,
      org: { id: scope.id, nameZh: scope.nameZh, nameEn: scope.nameEn },
      columns,
      rows: [...rows].sort((a, b) => (a.orgId === b.orgId ? (a.subjectId < b.subjectId ? -1 : 1) : a.orgId < b.orgId ? -1 : 1)),
      localParameters: await this.localNotes(packId, summaries, rows),
      generatedAt: new Date().toISOString(),
    };
  }

  /** Where a locality evaluated with its own parameter values: one sentence per value that differs from the pack's. */
  private async localNotes(packId: string, summaries: { orgId: string; version: string; parameters: Record<string, unknown> | null }[], rows: ResultRow[]) {
    const names = new Map(rows.map((r) => [r.orgId, { nameZh: r.orgNameZh, nameEn: r.orgNameEn }]));
    const out = [];
    for (const s of summaries) {
      if (!s.parameters) continue;
      const doc = (await findVersion(this.evaluations.manager, packId, s.version))?.document;
      if (!doc) continue;
      for (const n of localNotes(doc, s.parameters)) out.push({ orgId: s.orgId, orgNameZh: names.get(s.orgId)?.nameZh ?? s.orgId, orgNameEn: names.get(s.orgId)?.nameEn ?? s.orgId, ...n });
    }
    return out;
  }

  private async scopePath(p: Principal, orgId?: string): Promise<string> {
    return orgId ? (await this.orgs.findInScope(p, orgId)).path : p.orgPath;
  }

  private async current(p: Principal, packId: string, period: string, orgId?: string): Promise<CurrentRow[]> {
    const path = await this.scopePath(p, orgId);
    // the latest evaluation of the period in each organisation of the scope
    const rows = await this.evaluations
      .createQueryBuilder('e')
      .innerJoin('e.org', 'o')
      .select(['e.id', 'e.orgId', 'e.version', 'e.contentHash', 'e.results', 'e.summary', 'e.parameters', 'e.createdAt', 'o.id', 'o.nameZh', 'o.nameEn'])
      .where(`o.path LIKE :path || '%' AND e.packId = :packId AND e.period = :period`, { path, packId, period })
      .distinctOn(['e.orgId'])
      .orderBy('e.orgId')
      .addOrderBy('e.seq', 'DESC')
      .getMany();
    return rows.map((e) => ({
      evaluationId: e.id,
      orgId: e.orgId,
      orgNameZh: e.org!.nameZh,
      orgNameEn: e.org!.nameEn,
      version: e.version,
      contentHash: e.contentHash,
      results: e.results,
      summary: e.summary,
      parameters: e.parameters,
      createdAt: e.createdAt,
    }));
  }

  /** Output names and labels from the newest version that produced these results. */
  private async columns(packId: string, current: CurrentRow[]): Promise<{ name: string; label: I18nText }[]> {
    const doc = await this.newestDocument(packId, current.map((c) => c.version));
    if (!doc) return [];
    return doc.outputs.map((name) => ({ name, label: doc.rules.find((r) => r.name === name)?.label ?? { 'zh-CN': name, en: name } }));
  }

  private async packTitle(packId: string, rows: ResultRow[]): Promise<I18nText> {
    const doc = await this.newestDocument(packId, rows.map((r) => r.version));
    return doc?.title ?? { 'zh-CN': packId, en: packId };
  }

  private async newestDocument(packId: string, versions: string[]): Promise<Pack | null> {
    const newest = [...new Set(versions)].sort(compareSemver).pop();
    return newest ? ((await findVersion(this.evaluations.manager, packId, newest))?.document ?? null) : null;
  }
}

function required(q: ResultQuery): { packId: string; period: string } {
  if (!q.packId) throw inputError('/packId', '缺少参数 packId。', 'The query parameter packId is required.');
  if (!q.period) throw inputError('/period', '缺少参数 period。', 'The query parameter period is required.');
  return { packId: q.packId, period: q.period };
}

/** score or total when the pack has one, else the first output with numbers. */
function defaultRankingOutput(names: string[], rows: ResultRow[]): string | undefined {
  return names.find((n) => n === 'score') ?? names.find((n) => n === 'total') ?? names.find((n) => rows.some((r) => typeof r.outputs[n] === 'number'));
}
