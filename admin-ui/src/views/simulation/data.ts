/**
 * The simulation page's pure parts: parameter rows with their defaults, overrides from edits, and the
 * chart options for distributions, the transition matrix and sweeps.
 */
import { isMoneyUnit } from '@engine/units';
import type { SimulationResult } from '@/api/simulations';
import { formatNumber, labelText } from '@/utils/explain';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ParameterRow {
  name: string;
  label: string;
  unit: string;
  /** The pack's default value. */
  value: unknown;
  min?: number;
  max?: number;
  assumption: boolean;
  kind: 'number' | 'numbers' | 'other';
  cite?: string;
}

export function parameterRows(doc: unknown, locale: string): ParameterRow[] {
  const params = isObj(doc) && isObj(doc.parameters) ? doc.parameters : {};
  return Object.entries(params).map(([name, p]) => {
    const def = isObj(p) ? p : {};
    const v = def.value;
    const kind = typeof v === 'number' ? 'number' : Array.isArray(v) && v.length && v.every((x) => typeof x === 'number') ? 'numbers' : 'other';
    return {
      name,
      label: labelText(def.label, locale) || name,
      unit: typeof def.unit === 'string' ? def.unit : '',
      value: v,
      min: typeof def.min === 'number' ? def.min : undefined,
      max: typeof def.max === 'number' ? def.max : undefined,
      assumption: def.assumption === true,
      kind,
      cite: typeof def.cite === 'string' ? def.cite : undefined,
    };
  });
}

/** A slider's bounds: the declared ones, else a range around the default that keeps its sign and scale. */
export function sliderRange(row: ParameterRow, value: number): { min: number; max: number; step: number } {
  const step = Number.isInteger(value) && (row.max === undefined || row.max > 5) ? 1 : 0.01;
  const min = row.min ?? (value >= 0 ? 0 : value * 2);
  const max = row.max ?? (value === 0 ? 10 : value > 0 ? Math.max(value * 2, value + 10 * step) : 0);
  return { min, max, step };
}

/**
 * Only what differs from the default: a number as itself, an array element as `name.i` (so moving the 4★ line
 * reads `starBands.3 = 88`, the same override the CLI takes).
 */
export function overridesOf(rows: ParameterRow[], edits: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of rows) {
    if (!(row.name in edits)) continue;
    const e = edits[row.name];
    if (row.kind === 'numbers' && Array.isArray(e) && Array.isArray(row.value)) {
      if (e.length !== row.value.length) out[row.name] = e;
      else e.forEach((x, i) => x !== (row.value as unknown[])[i] && (out[`${row.name}.${i}`] = x));
    } else if (JSON.stringify(e) !== JSON.stringify(row.value)) out[row.name] = e;
  }
  return out;
}

/** Sweepable names: number parameters and each element of number arrays. */
export function sweepTargets(rows: ParameterRow[]): { name: string; label: string; value: number }[] {
  const out: { name: string; label: string; value: number }[] = [];
  for (const r of rows) {
    if (r.kind === 'number') out.push({ name: r.name, label: r.label, value: r.value as number });
    if (r.kind === 'numbers') (r.value as number[]).forEach((v, i) => out.push({ name: `${r.name}.${i}`, label: `${r.label}[${i}]`, value: v }));
  }
  return out;
}

/** Value keys in a natural order: numbers numerically, false before true, then strings. */
export function sortKeys(keys: Iterable<string>): string[] {
  const rank = (k: string) => (k === 'null' ? 0 : k === 'false' ? 1 : k === 'true' ? 2 : Number.isFinite(Number(k)) && k.trim() !== '' ? 3 : 4);
  return [...new Set(keys)].sort((a, b) => rank(a) - rank(b) || (rank(a) === 3 ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
}

/** Outputs that have a distribution and a handful of values (what bars and matrices make sense for). */
export function gradeOutputs(result: SimulationResult, maxValues = 12): string[] {
  return Object.entries(result.baseline.distributions)
    .filter(([, d]) => Object.keys(d).length <= maxValues)
    .map(([k]) => k);
}

export type ValueLabel = (output: string, key: string) => string;

export function distributionOption(result: SimulationResult, output: string, baselineName: string, label: ValueLabel) {
  const series = [{ name: baselineName, dist: result.baseline.distributions[output] ?? {} }, ...result.variants.map((v) => ({ name: v.name, dist: v.distributions[output] ?? {} }))];
  const keys = sortKeys(series.flatMap((s) => Object.keys(s.dist)));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: keys.map((k) => label(output, k)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ name: s.name, type: 'bar', data: keys.map((k) => s.dist[k] ?? 0), label: { show: true, position: 'top' } })),
  };
}

/** The transition matrix of one output as a table: rows = baseline values, columns = variant values. */
export function transitionTable(matrix: Record<string, Record<string, number>> | undefined): { from: string[]; to: string[]; cell: (f: string, t: string) => number } {
  const m = matrix ?? {};
  const keys = sortKeys([...Object.keys(m), ...Object.values(m).flatMap((r) => Object.keys(r))]);
  return { from: keys, to: keys, cell: (f, t) => m[f]?.[t] ?? 0 };
}

export function heatmapOption(matrix: Record<string, Record<string, number>> | undefined, output: string, label: ValueLabel, axisNames: [string, string]) {
  const tt = transitionTable(matrix);
  const data: [number, number, number][] = [];
  let max = 0;
  tt.from.forEach((f, y) =>
    tt.to.forEach((t, x) => {
      const n = tt.cell(f, t);
      max = Math.max(max, n);
      data.push([x, y, n]);
    }),
  );
  return {
    tooltip: { position: 'top' },
    grid: { left: 72, right: 16, top: 16, bottom: 64 },
    xAxis: { type: 'category', name: axisNames[1], nameLocation: 'middle', nameGap: 28, data: tt.to.map((k) => label(output, k)), splitArea: { show: true } },
    yAxis: { type: 'category', name: axisNames[0], nameLocation: 'end', data: tt.from.map((k) => label(output, k)), splitArea: { show: true }, inverse: true },
    visualMap: { min: 0, max: Math.max(1, max), calculable: false, orient: 'horizontal', left: 'center', bottom: 0, show: false, inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] } },
    series: [{ type: 'heatmap', data, label: { show: true }, emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } } }],
  };
}

/** Outputs that are money: the unit their rule declares is 元 or another currency. */
export function moneyOutputs(result: SimulationResult): Set<string> {
  return new Set(Object.entries(result.baseline.units ?? {}).filter(([, u]) => isMoneyUnit(u)).map(([o]) => o));
}

/** What a sweep can draw, each once: the money totals first, then the counted grades (a money output with few values is drawn as its total). */
export function sweepFigures(result: SimulationResult): string[] {
  const money = moneyOutputs(result);
  const first = result.sweep[0]?.summary;
  if (!first) return [];
  const totals = Object.keys(first.totals ?? {}).filter((o) => money.has(o));
  return [...new Set([...totals, ...Object.keys(first.counts ?? {})])];
}

/** Sweep curves: for a money output, its total; for a grade output, one line per value count (named by the value's label). */
export function sweepOption(result: SimulationResult, figure: string, label: ValueLabel, paramName: string, outputName: (o: string) => string = (o) => o) {
  const xs = result.sweep.map((r) => formatNumber(r.value));
  const totals = moneyOutputs(result).has(figure) && result.sweep.some((r) => figure in (r.summary.totals ?? {}));
  const series = totals
    ? [{ name: outputName(figure), type: 'line', data: result.sweep.map((r) => r.summary.totals[figure] ?? null) }]
    : sortKeys(result.sweep.flatMap((r) => Object.keys(r.summary.counts?.[figure] ?? {}))).map((k) => ({
        name: label(figure, k),
        type: 'line',
        data: result.sweep.map((r) => r.summary.counts?.[figure]?.[k] ?? 0),
      }));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 40 },
    xAxis: { type: 'category', name: paramName, nameLocation: 'middle', nameGap: 26, data: xs },
    yAxis: { type: 'value' },
    series,
  };
}

/** Money totals side by side: baseline, each variant, and the variant's exact difference. Only money outputs: stars or ranks are never summed. */
export function moneyRows(result: SimulationResult): { output: string; unit: string; baseline: number; variants: { value: number; delta: number }[] }[] {
  const money = moneyOutputs(result);
  return Object.keys(result.baseline.totals).filter((o) => money.has(o)).map((o) => ({
    output: o,
    unit: result.baseline.units?.[o] ?? '',
    baseline: result.baseline.totals[o],
    variants: result.variants.map((v) => ({ value: v.totals[o], delta: v.totalsDelta?.[o] ?? v.totals[o] - result.baseline.totals[o] })),
  }));
}
