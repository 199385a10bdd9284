/**
 * Earlier periods' results that history rules read: from earlier periods of the same input, or, on
 * the server, from stored evaluations. History values are the final outputs (after vetoes).
 */
export interface PriorPeriod {
  period: string;
  subjects: { id: string; inputs?: Record<string, unknown>; outputs: Record<string, unknown> }[];
  summary?: Record<string, unknown>;
}

interface PeriodData {
  outputs: Map<string, Record<string, unknown>>;
  inputs: Map<string, Record<string, unknown>>;
  summary: Record<string, unknown>;
}

/** Periods are indexed by subject id on first look-up: a pack without history rules never pays for it. */
export class History {
  private readonly raw = new Map<string, PriorPeriod>();
  private readonly indexed = new Map<string, PeriodData>();

  constructor(prior: PriorPeriod[] = []) {
    for (const p of prior) this.add(p);
  }

  add(p: PriorPeriod): void {
    this.raw.set(p.period, p);
    this.indexed.delete(p.period);
  }

  outputs(id: string, period: string): Record<string, unknown> | undefined {
    return this.period(period)?.outputs.get(id);
  }

  has(period: string): boolean {
    return this.raw.has(period);
  }

  /** A whole earlier period: every subject's inputs and outputs, and its summary. */
  period(period: string): PeriodData | undefined {
    let d = this.indexed.get(period);
    if (d) return d;
    const p = this.raw.get(period);
    if (!p) return undefined;
    d = { outputs: new Map(), inputs: new Map(), summary: p.summary ?? {} };
    for (const s of p.subjects) {
      d.outputs.set(s.id, s.outputs);
      if (s.inputs) d.inputs.set(s.id, s.inputs);
    }
    this.indexed.set(period, d);
    return d;
  }

  periods(): string[] {
    return [...this.raw.keys()];
  }
}
