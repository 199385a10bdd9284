import { compilePack, type CompiledPack } from '../compile/pack';
import { KpValidationError, type KpError } from '../errors';
import type { Pack } from '../types';
import { isMoneyUnit, outputUnits } from '../units';
import { partitionMode, type PartitionMode } from './partition';
import type { SimulateOptions, SweepSpec, VariantSpec } from './types';
import { expandOverrides, sweepVariants, variantName } from './variants';

/**
 * Everything that defines a simulation, as plain data: it is posted to worker threads and stored with
 * jobs, and every worker compiles it to the same thing.
 */
export interface SimulationPlan {
  baseline: { pack: Pack; parameters?: Record<string, unknown> };
  variants: VariantSpec[];
  sweep?: SweepSpec | null;
  options?: SimulateOptions;
}

export interface PreparedSide {
  name: string;
  compiled: CompiledPack;
  parameters: Record<string, unknown>;
  /** Set for sweep steps: the swept parameter's value. */
  sweepValue?: number;
}

export interface Prepared {
  plan: SimulationPlan;
  baseline: PreparedSide;
  /** The named variants first, then one per sweep step. */
  sides: PreparedSide[];
  outputs: string[];
  /** Output → unit, as the rules declare it (the baseline's first, then the variants' for outputs it lacks). */
  units: Record<string, string>;
  /** By output position: its unit is money, so it is totalled; nothing else is summed. */
  money: boolean[];
  mode: PartitionMode;
  breakdownBy: string | null;
  maxChanged: number;
}

function compileSide(pack: Pack, parameters: Record<string, unknown> | undefined, at: string, errors: KpError[]): CompiledPack | null {
  const overrides = expandOverrides(pack, parameters);
  try {
    return compilePack(pack, Object.keys(overrides).length ? overrides : undefined);
  } catch (e) {
    if (!(e instanceof KpValidationError)) throw e;
    for (const err of e.errors) errors.push({ ...err, path: `${at}${err.path}` });
    return null;
  }
}

/** Compiles the baseline and every variant and sweep step; throws KpValidationError naming each problem by pointer. */
export function prepare(plan: SimulationPlan): Prepared {
  const errors: KpError[] = [];
  const base = plan.baseline.pack;
  const baseline = compileSide(base, plan.baseline.parameters, '/baseline', errors);
  const sides: PreparedSide[] = [];
  plan.variants.forEach((v, i) => {
    const pack = v.pack ?? base;
    const c = compileSide(pack, v.parameters, `/variants/${i}`, errors);
    if (c) sides.push({ name: v.name || variantName(v.pack, v.parameters, base), compiled: c, parameters: v.parameters ?? {} });
  });
  if (plan.sweep) {
    const { variants, errors: sweepErrors } = sweepVariants(plan.sweep);
    errors.push(...sweepErrors);
    for (const v of variants) {
      const c = compileSide(v.pack ?? base, v.parameters, `/sweep`, errors);
      if (!c) break;
      sides.push({ name: v.name, compiled: c, parameters: v.parameters ?? {}, sweepValue: v.value });
    }
  }
  if (errors.length) throw new KpValidationError(errors, 'parameters');
  const packs = [base, ...sides.map((s) => s.compiled.pack)];
  const outputs = [...new Set(packs.flatMap((p) => p.outputs))];
  const units: Record<string, string> = {};
  for (const p of packs) for (const [o, u] of Object.entries(outputUnits(p))) units[o] ??= u;
  const opts = plan.options ?? {};
  return {
    plan,
    baseline: { name: 'baseline', compiled: baseline!, parameters: plan.baseline.parameters ?? {} },
    sides,
    outputs,
    units,
    money: outputs.map((o) => isMoneyUnit(units[o])),
    mode: partitionMode(packs),
    breakdownBy: opts.breakdownBy === undefined ? base.scopes?.ref ?? null : opts.breakdownBy,
    maxChanged: opts.maxChanged ?? Infinity,
  };
}
