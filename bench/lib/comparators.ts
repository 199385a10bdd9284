import { compilePack, evaluate, Json, Pack } from '../../server/src/engine';
import { packWalker } from '../interpreters/pack-walker';
import { jsonLogicEngine, jsonLogicJs } from '../interpreters/libraries';
import { HANDWRITTEN } from '../handwritten';

/** What every contender produces for one period: each subject's outputs and the period summary. */
export interface PeriodRun {
  results: { id: unknown; outputs: Record<string, unknown> }[];
  summary: Record<string, unknown>;
}

export type Contender = (subjects: Record<string, unknown>[], period: string) => PeriodRun;

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
