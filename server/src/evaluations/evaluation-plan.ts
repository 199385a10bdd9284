import { kpError, KpValidationError, type KpError } from '../engine/errors';
import type { EnvelopePeriod } from '../engine/types';
import type { PriorPeriod } from '../engine/evaluate/history';
import { periodKind, periodStart } from '../common/period';

/** One requested period with its start date, in request order. */
export interface RequestedPeriod {
  index: number;
  period: EnvelopePeriod;
  start: string;
}

/** Period strings valid, each period once, in chronological order: the envelope contract. */
export function requestedPeriods(periods: EnvelopePeriod[]): RequestedPeriod[] {
  const errors: KpError[] = [];
  const out: RequestedPeriod[] = [];
  periods.forEach((period, index) => {
    const start = periodStart(period.period);
    const at = `/periods/${index}/period`;
    if (!start) {
      errors.push(kpError('BadPeriod', at, `考评期 "${period.period}" 无效（如 "2024"、"2024-Q3"、"2024-B2"）。`, `"${period.period}" is not a period (e.g. "2024", "2024-Q3", "2024-B2").`));
      return;
    }
    const prev = out[out.length - 1];
    if (prev && (start <= prev.start || prev.period.period === period.period)) {
      errors.push(kpError('BadPeriod', at, '考评期须按时间先后排列，且每期只出现一次。', 'Periods must be in chronological order, each once.'));
      return;
    }
    out.push({ index, period, start });
  });
  if (errors.length) throw new KpValidationError(errors, 'input');
  return out;
}

/** Engine errors of a one-period envelope, re-pointed at the period's place in the request. */
export function rebase(errors: KpError[], index: number): KpError[] {
  return errors.map((e) => (e.path.startsWith('/periods/0') ? { ...e, path: `/periods/${index}${e.path.slice('/periods/0'.length)}` } : e));
}

/**
 * The history a period's rules read: earlier periods of the same kind, stored or computed earlier in this request
 * (a period of the request replaces the stored result of the same period), in chronological order.
 */
export function priorFor<T extends PriorPeriod & { start: string }>(start: string, kind: string, candidates: T[]): PriorPeriod[] {
  return candidates
    .filter((c) => c.start < start && periodKind(c.period) === kind)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
    .map(({ period, subjects, summary }) => ({ period, subjects, summary }));
}
