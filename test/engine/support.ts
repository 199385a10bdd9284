import jsonLogic from 'json-logic-js';
import { EXTENSION_OPERATIONS } from '../../server/src/engine';

/** json-logic-js with the engine's extension operators registered: the reference interpreter. */
export function reference(): typeof jsonLogic {
  for (const [name, fn] of Object.entries(EXTENSION_OPERATIONS)) jsonLogic.add_operation(name, fn);
  return jsonLogic;
}

/** Runs a function and captures either its value or that it threw. */
export function outcome(f: () => unknown): { threw: boolean; value?: unknown } {
  try {
    return { threw: false, value: normalise(f()) };
  } catch {
    return { threw: true };
  }
}

/** JSON-comparable form that keeps NaN, ±Infinity, -0 and undefined apart. */
export function normalise(v: unknown): unknown {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '#NaN';
    if (v === Infinity) return '#Inf';
    if (v === -Infinity) return '#-Inf';
    if (Object.is(v, -0)) return '#-0';
    return v;
  }
  if (v === undefined) return '#undefined';
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  return v;
}
