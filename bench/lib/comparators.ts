import { compilePack, evaluate, Json, Pack } from '../../server/src/engine';
import { packWalker } from '../interpreters/pack-walker';
import { jsonLogicEngine, jsonLogicJs } from '../interpreters/libraries';
import { HANDWRITTEN, HANDWRITTEN_PERIODS } from '../handwritten';

/** What every contender produces for one period: each subject's outputs and the period summary. */
export interface PeriodRun {
  results: { id: unknown; outputs: Record<string, unknown> }[];
  summary: Record<string, unknown>;
}

export type Contender = (subjects: Record<string, unknown>[], period: string) => PeriodRun;

/** One period of an envelope as the benchmark builds it (history packs are measured over several). */
export interface BenchPeriod {
  period: string;
  subjects: Record<string, unknown>[];
  scopes?: Record<string, Record<string, unknown>>;
}

/** A contender over several periods in ascending order: each period's outputs and summary. */
export type PeriodsContender = (periods: BenchPeriod[]) => PeriodRun[];

export const CONTENDERS = ['engine', 'engine+validation', 'handwritten', 'json-logic-js', 'json-logic-engine'] as const;
export type ContenderName = (typeof CONTENDERS)[number];

/** The same pack and parameters as each contender. */
export function contenders(pack: Pack): Record<ContenderName, Contender> {
  const c = compilePack(pack);
  const params = c.parameters as Record<string, Json>;
  const hand = HANDWRITTEN[pack.id];
  if (!hand) throw new Error(`no hand-written baseline for ${pack.id}`);
  const engineRun = (validate: boolean): Contender => (subjects, period) => evaluate(c, { periods: [{ period, subjects }] }, { validate }).periods[0] as PeriodRun;
  return {
    engine: engineRun(false),
    'engine+validation': engineRun(true),
    handwritten: (subjects, period) => hand(subjects, period, params),
    'json-logic-js': packWalker(pack, params, jsonLogicJs()),
    'json-logic-engine': packWalker(pack, params, jsonLogicEngine()),
  };
}

/**
 * The contenders of a history pack over several periods. The JSON Logic walkers start from an empty history on
 * every call; packs with rule kinds the walker does not know (quota, escalation) have none.
 */
export function periodContenders(pack: Pack): Partial<Record<ContenderName, PeriodsContender>> {
  const c = compilePack(pack);
  const params = c.parameters as Record<string, Json>;
  const hand = HANDWRITTEN_PERIODS[pack.id];
  if (!hand) throw new Error(`no hand-written baseline over periods for ${pack.id}`);
  const engineRun = (validate: boolean): PeriodsContender => (periods) => evaluate(c, { periods }, { validate }).periods as PeriodRun[];
  const out: Partial<Record<ContenderName, PeriodsContender>> = {
    engine: engineRun(false),
    'engine+validation': engineRun(true),
    handwritten: (periods) => hand(periods, params),
  };
  if (walkable(pack)) {
    out['json-logic-js'] = (periods) => {
      const w = packWalker(pack, params, jsonLogicJs());
      return periods.map((p) => w(p.subjects, p.period));
    };
    out['json-logic-engine'] = (periods) => {
      const w = packWalker(pack, params, jsonLogicEngine());
      return periods.map((p) => w(p.subjects, p.period));
    };
  }
  return out;
}

/** The walker knows every rule and summary kind of the pack. */
export function walkable(pack: Pack): boolean {
  const kinds = ['value', 'bands', 'veto', 'ladder', 'rank', 'group', 'consecutive', 'windowCount', 'previous'];
  return pack.rules.every((r) => kinds.includes(r.kind)) && (pack.summary ?? []).every((s) => s.kind === 'aggregate' || s.kind === 'countBy');
}
