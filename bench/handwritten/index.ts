import type { Json } from '../../server/src/engine';
import type { PeriodRun } from '../lib/comparators';
import { rehabMemberStars } from './rehab-member-stars';
import { chengzhuangChecklistSteps } from './chengzhuang-checklist-steps';
import { yongxiRedFlag } from './yongxi-red-flag';
import { ouhaiCommendation } from './ouhai-commendation';
import type { BenchPeriod } from '../lib/comparators';

export type HandWritten = (subjects: Record<string, unknown>[], period: string, params: Record<string, Json>) => PeriodRun;

/** Hand-written baselines by pack id. */
export const HANDWRITTEN: Record<string, HandWritten> = {
  'rehab-member-stars': rehabMemberStars,
  'chengzhuang-checklist-steps': (subjects, period, params) => chengzhuangChecklistSteps(subjects, period, params),
};

export type HandWrittenPeriods = (periods: BenchPeriod[], params: Record<string, Json>) => PeriodRun[];

/** Hand-written baselines over several periods (history packs), by pack id. */
export const HANDWRITTEN_PERIODS: Record<string, HandWrittenPeriods> = {
  'yongxi-red-flag': yongxiRedFlag,
  'ouhai-commendation': ouhaiCommendation,
};
