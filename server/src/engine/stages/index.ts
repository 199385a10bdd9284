import type { RuleKind } from '../types';
import type { StepFactory } from '../compile/context';
import { groupStep, quotaStep, rankStep } from './population';
import { consecutiveStep, escalationStep, movementStep, previousStep, windowCountStep } from './history';

/** The population and history rule kinds, each compiled once into a step over a whole period. */
export const STEP_FACTORIES: Partial<Record<RuleKind, StepFactory>> = {
  rank: rankStep,
  group: groupStep,
  quota: quotaStep,
  consecutive: consecutiveStep,
  windowCount: windowCountStep,
  previous: previousStep,
  movement: movementStep,
  escalation: escalationStep,
};
