import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpException, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { SYSTEM } from '../auth/principal';
import { periodKind, periodStart } from '../common/period';
import { compareSemver } from '../common/semver';
import type { DeploymentsService } from '../deployments/deployments.service';
import { KpValidationError } from '../engine/errors';
import type { Envelope, EnvelopePeriod, Pack } from '../engine/types';
import type { EvaluationsService } from '../evaluations/evaluations.service';
import { PackEntity } from '../packs/pack.entity';
import { listVersions } from '../packs/pack-versions.repo';
import { DEMO_DEPLOYMENTS } from './demo-tree';

const FAR_PAST = '2000-01-01';

/**
 * Deploy every imported pack at its owner's organisation and store the evaluations of rule-packs/<id>/demo.json.
 * With several versions the later ones take effect part-way through the demo periods (at the first period of their
 * own kind), so the demo shows each period evaluated with the version in force for it.
 */
export async function seedDemoData(db: DataSource, deployments: DeploymentsService, evaluations: EvaluationsService, packsDir: string): Promise<void> {
  const log = new Logger('DemoData');
  const packs = await db.getRepository(PackEntity).find({ select: { id: true, ownerOrgId: true }, order: { id: 'ASC' } });
  for (const pack of packs) {
    const versions = (await listVersions(db.manager, pack.id)).filter((v) => v.status === 'published').sort((a, b) => compareSemver(a.version, b.version));
    if (!versions.length) continue;
    const demo = readDemo(join(packsDir, pack.id), log);
    const periods = demo.periods;
    const own = DEMO_DEPLOYMENTS[pack.id] ?? {};
    const schedule = effectiveDates(versions.map((v) => v.document), periods).map((d, i) => own[versions[i].version]?.effectiveFrom ?? d);
    for (const [i, v] of versions.entries()) {
      const parameters = own[v.version]?.parameters;
      await deployments.create(SYSTEM, { orgId: pack.ownerOrgId, packId: pack.id, version: v.version, effectiveFrom: schedule[i], ...(parameters ? { parameters } : {}) });
    }
    if (!periods.length) continue;
    // a period whose kind differs from the version in force for it cannot be evaluated with it
    const inForce = (start: string) => versions[schedule.filter((d) => d <= start).length - 1]?.document;
    const usable = periods.filter((p) => {
      const start = periodStart(p.period);
      return start !== null && inForce(start)?.period === periodKind(p.period);
    });
    if (usable.length < periods.length) log.warn(`${pack.id}: ${periods.length - usable.length} demo period(s) do not match the version in force and are left out`);
    if (!usable.length) continue;
    // Stored evaluations are bounded (KP_EVAL_MAX_SUBJECT_PERIODS): the demo goes in batches of whole periods, in
    // order, so each batch's history rules read the results the earlier batches stored.
    let stored = 0;
    let subjects = 0;
    try {
      for (const batch of periodBatches(usable, evaluations.limits.maxSubjectPeriods)) {
        const out = await evaluations.run(SYSTEM, pack.ownerOrgId, pack.id, { ...demo, periods: batch });
        stored += out.periods.length;
        subjects += out.periods.reduce((n, p) => n + p.results.length, 0);
      }
      log.log(`${pack.id}: stored ${stored} period(s), ${subjects} subject result(s) at ${pack.ownerOrgId}`);
    } catch (e) {
      const detail = e instanceof KpValidationError
        ? `${e.errors.length} error(s), first ${e.errors[0]?.path}: ${e.errors[0]?.message.en}`
        : e instanceof HttpException ? JSON.stringify(e.getResponse()) : (e as Error).message;
      log.warn(`${pack.id}: demo evaluations not stored after ${stored} period(s) (${detail})`);
    }
  }
}

/** Consecutive runs of whole periods with at most `limit` subjects each (a larger period is a batch of its own). */
export function periodBatches(periods: EnvelopePeriod[], limit: number): EnvelopePeriod[][] {
  const batches: EnvelopePeriod[][] = [];
  let current: EnvelopePeriod[] = [];
  let size = 0;
  for (const p of periods) {
    const n = Array.isArray(p.subjects) ? p.subjects.length : 0;
    if (current.length && size + n > limit) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(p);
    size += n;
  }
  if (current.length) batches.push(current);
  return batches;
}

/** demo.json and demo-<version>.json of a pack folder, their periods merged in chronological order. */
function readDemo(folder: string, log: Logger): Envelope {
  const periods: EnvelopePeriod[] = [];
  let parameters: Record<string, unknown> | undefined;
  const files = existsSync(folder) ? readdirSync(folder).filter((f) => /^demo(-[^/]+)?\.json$/.test(f)) : [];
  for (const f of files) {
    try {
      const env = JSON.parse(readFileSync(join(folder, f), 'utf8')) as Envelope;
      if (Array.isArray(env.periods)) periods.push(...env.periods);
      parameters ??= env.parameters;
    } catch (e) {
      log.warn(`${folder}/${f} is not JSON: ${(e as Error).message}`);
    }
  }
  const start = (p: EnvelopePeriod) => periodStart(p.period) ?? '';
  periods.sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0));
  return parameters ? { periods, parameters } : { periods };
}

/** The first version from the far past; each later one from the first demo period of its kind after the previous switch. */
function effectiveDates(versions: Pack[], periods: EnvelopePeriod[]): string[] {
  const dates: string[] = [];
  const starts = periods.map((p) => ({ kind: periodKind(p.period), start: periodStart(p.period) })).filter((p) => p.start !== null) as { kind: string; start: string }[];
  const lastYear = starts.length ? Number(starts[starts.length - 1].start.slice(0, 4)) : new Date().getUTCFullYear();
  versions.forEach((doc, i) => {
    if (i === 0) return dates.push(FAR_PAST);
    const prev = dates[i - 1];
    const later = starts.filter((s) => s.start > prev && s.kind === doc.period);
    // a version of the same period kind takes over half-way, so both versions have demo results
    const pick = doc.period === versions[i - 1].period ? later[Math.floor(later.length / 2)] : later[0];
    dates.push(pick && pick.start > prev ? pick.start : `${lastYear + 1 + i}-01-01`);
  });
  return dates;
}
