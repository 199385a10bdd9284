import jsonLogic from 'json-logic-js';
import { LogicEngine } from 'json-logic-engine';
import { EXTENSION_OPERATIONS } from '../../server/src/engine';
import type { Applier } from './pack-walker';

/** json-logic-js, the reference interpreter, with the engine's extension operators registered. */
export function jsonLogicJs(): { compile: Applier; truthy(v: unknown): boolean; round(x: unknown, d: unknown): number } {
  for (const [name, op] of Object.entries(EXTENSION_OPERATIONS)) jsonLogic.add_operation(name, op);
  const round = EXTENSION_OPERATIONS.round as (x: unknown, d: unknown) => number;
  return {
    compile: (logic) => (data) => jsonLogic.apply(logic as any, data),
    truthy: (v) => jsonLogic.truthy(v),
    round,
  };
}

/** json-logic-engine's compiled functions (`build`), with the same extension operators as methods. */
export function jsonLogicEngine(): { compile: Applier; truthy(v: unknown): boolean; round(x: unknown, d: unknown): number } {
  const engine = new LogicEngine();
  for (const [name, op] of Object.entries(EXTENSION_OPERATIONS)) engine.addMethod(name, (args: unknown[]) => op(...args), { deterministic: true });
  const round = EXTENSION_OPERATIONS.round as (x: unknown, d: unknown) => number;
  return {
    compile: (logic) => engine.build(wrapArgs(logic) as any) as (data: Record<string, unknown>) => unknown,
    truthy: (v) => (Array.isArray(v) ? v.length > 0 : !!v),
    round,
  };
}

/**
 * json-logic-engine passes a lone non-array argument unwrapped, so `{"mean": {"var": "xs"}}` and
 * `{"mean": [[1, 2]]}` would look alike to a method; JSON Logic reads both as one argument.
 */
function wrapArgs(logic: unknown): unknown {
  if (Array.isArray(logic)) return logic.map(wrapArgs);
  if (logic === null || typeof logic !== 'object') return logic;
  const [op, arg] = Object.entries(logic as Record<string, unknown>)[0] ?? [];
  if (op === undefined || Object.keys(logic as object).length !== 1) return logic;
  if (op === 'var') return logic;
  const args = Array.isArray(arg) ? arg.map(wrapArgs) : [wrapArgs(arg)];
  return { [op]: op in EXTENSION_OPERATIONS || Array.isArray(arg) ? args : args[0] };
}
