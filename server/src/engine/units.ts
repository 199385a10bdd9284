import type { Pack } from './types';

/**
 * Units that are money. "分" is not among them: in these schemes it is a point (得分), not a cent.
 * A simulation totals only outputs in one of these units (金额合计); stars, ranks and points are counted.
 */
const MONEY_UNITS = new Set(['元', '万元', '千元', '百元', '亿元', '角', '人民币', 'CNY', 'RMB', '¥', '￥', 'USD', '$', 'EUR', '€']);

/** The unit names an amount of money ("元", "万元", "CNY" …). */
export function isMoneyUnit(unit: unknown): boolean {
  return typeof unit === 'string' && MONEY_UNITS.has(unit.trim());
}

/** Output → the unit its rule declares, for the outputs whose rule declares one. */
export function outputUnits(pack: Pick<Pack, 'rules' | 'outputs'>): Record<string, string> {
  const out: Record<string, string> = {};
  const outputs = new Set(pack.outputs);
  for (const r of pack.rules) if (typeof r.unit === 'string' && r.unit.trim() && outputs.has(r.name)) out[r.name] = r.unit.trim();
  return out;
}
