import type { Json } from '../../server/src/engine';
import type { PeriodRun } from '../lib/comparators';
import { rehabMemberStars } from './rehab-member-stars';
import { chengzhuangChecklistSteps } from './chengzhuang-checklist-steps';

export type HandWritten = (subjects: Record<string, unknown>[], period: string, params: Record<string, Json>) => PeriodRun;

/** Hand-written baselines by pack id. */
export const HANDWRITTEN: Record<string, HandWritten> = {
  'rehab-member-stars': rehabMemberStars,
  'chengzhuang-checklist-steps': (subjects, period, params) => chengzhuangChecklistSteps(subjects, period, params),
};
