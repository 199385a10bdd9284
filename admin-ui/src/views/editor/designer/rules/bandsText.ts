/**
 * How a bands rule reads in Chinese: "90 分以上 → 5 星", "80 分以上、不足 90 分 → 4 星", "不足 70 分 → 0 星".
 * Lower bounds are inclusive (以上), the row under the first bound is 不足. Pure and tested.
 */
export type BandValue = unknown;

export interface BandRow {
  /** Index into bounds/values (or ranges); -1 for the `below` row. */
  index: number;
  text: string;
}

/** A value as it reads: numbers and strings as they are, with the value unit ("5 星"); true/false as 是/否; null as 空. */
export function valueText(v: BandValue, valueUnit = ''): string {
  if (v === null || v === undefined) return '空';
  if (v === true) return '是';
  if (v === false) return '否';
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return typeof v === 'number' && valueUnit ? `${s} ${valueUnit}` : s;
}

/** "90 分" or "90" without a unit. */
export function amount(n: number, unit = ''): string {
  return unit ? `${n} ${unit}` : String(n);
}

/** "90 分以上" / "不足 70 分" / "80 分以上、不足 90 分". */
export function rangeText(from: number | null, to: number | null, unit = ''): string {
  if (from === null && to === null) return '任何值';
  if (from === null) return `不足 ${amount(to as number, unit)}`;
  // "90 分以上" but "1 以上": the space separates a number from a word, not a unit from 以上
  const lower = unit ? `${amount(from, unit)}以上` : `${from} 以上`;
  return to === null ? lower : `${lower}、不足 ${amount(to, unit)}`;
}

/** Rows for lower bounds (inclusive, increasing) with their values and the `below` value, lowest first. */
export function boundRows(bounds: number[], values: BandValue[], below: BandValue, unit = '', valueUnit = ''): BandRow[] {
  const rows: BandRow[] = [];
  if (bounds.length) rows.push({ index: -1, text: `${rangeText(null, bounds[0], unit)} → ${valueText(below, valueUnit)}` });
  bounds.forEach((b, i) => {
    const next = i + 1 < bounds.length ? bounds[i + 1] : null;
    rows.push({ index: i, text: `${rangeText(b, next, unit)} → ${valueText(values[i], valueUnit)}` });
  });
  return rows;
}

/** Rows for explicit ranges [from, to), in their order. */
export function rangeRows(ranges: { from: number | null; to: number | null; value: BandValue }[], unit = '', valueUnit = ''): BandRow[] {
  return ranges.map((r, i) => ({ index: i, text: `${rangeText(r.from, r.to, unit)} → ${valueText(r.value, valueUnit)}` }));
}

/** The unit a band value reads with: a rule labelled …星级 gives "5 星"; others read bare. */
export function valueUnitOf(label: string | undefined): string {
  return label && /星级$/.test(label) ? '星' : '';
}

/** Which band a number falls in (the index of the highest bound ≤ x; -1 below the first): both sides of a bound. */
export function bandOf(bounds: number[], x: number): number {
  let k = -1;
  bounds.forEach((b, i) => {
    if (x >= b) k = i;
  });
  return k;
}
