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

export class History {
  private readonly byPeriod = new Map<string, PeriodData>();

  constructor(prior: PriorPeriod[] = []) {
    for (const p of prior) this.add(p);
  }

  add(p: PriorPeriod): void {
    const d: PeriodData = { outputs: new Map(), inputs: new Map(), summary: p.summary ?? {} };
    for (const s of p.subjects) {
      d.outputs.set(s.id, s.outputs);
      if (s.inputs) d.inputs.set(s.id, s.inputs);
    }
    this.byPeriod.set(p.period, d);
  }

  outputs(id: string, period: string): Record<string, unknown> | undefined {
    return this.byPeriod.get(period)?.outputs.get(id);
  }

  has(period: string): boolean {
    return this.byPeriod.has(period);
  }

  /** A whole earlier period: every subject's inputs and outputs, and its summary. */
  period(period: string): PeriodData | undefined {
    return this.byPeriod.get(period);
  }

  periods(): string[] {
    return [...this.byPeriod.keys()];
  }
}
