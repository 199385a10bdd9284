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

/**
 * One earlier period as the history steps read it: a subject's outputs by its id and its position in the
 * current period. Periods usually list the same subjects in the same order, so the subject at the same
 * position is tried first (no hashing); otherwise the period is indexed by id once.
 */
export interface PeriodView {
  outputs(id: string, i: number): Record<string, unknown> | undefined;
}

/**
 * A period this evaluation has just produced, kept as its result and input arrays (position i: subject i) rather
 * than copied into one { id, inputs, outputs } object per subject.
 */
interface Evaluated {
  period: string;
  results: { id: string; outputs: Record<string, unknown> }[];
  inputs: Record<string, unknown>[];
  summary: Record<string, unknown>;
}

/** Periods are indexed by subject id on first look-up: a pack without history rules never pays for it. */
export class History {
  private readonly raw = new Map<string, PriorPeriod | Evaluated>();
  private readonly indexed = new Map<string, PeriodData>();
  private readonly views = new Map<string, PeriodView>();
  /** When each period came in (prior periods first), and which ones this evaluation produced. */
  private readonly order = new Map<string, number>();
  private readonly evaluated = new Set<string>();

  constructor(prior: PriorPeriod[] = []) {
    for (const p of prior) this.add(p);
  }

  add(p: PriorPeriod): void {
    this.order.set(p.period, this.order.size);
    this.evaluated.delete(p.period);
    this.raw.set(p.period, p);
    this.indexed.delete(p.period);
    this.views.delete(p.period);
  }

  /** An evaluated period, as evaluate hands it over (the arrays are kept, not copied). */
  addEvaluated(p: Evaluated): void {
    this.order.set(p.period, this.order.size);
    this.evaluated.add(p.period);
    this.raw.set(p.period, p);
    this.indexed.delete(p.period);
    this.views.delete(p.period);
  }

  /** The view of an earlier period, or undefined when it is not known. */
  view(period: string): PeriodView | undefined {
    let v = this.views.get(period);
    if (v) return v;
    const p = this.raw.get(period);
    if (!p) return undefined;
    const subjects = 'results' in p ? p.results : p.subjects;
    let byId: Map<string, Record<string, unknown>> | null = null;
    v = {
      outputs: (id, i) => {
        const s = subjects[i];
        if (s !== undefined && s.id === id) return s.outputs;
        return (byId ??= this.period(period)!.outputs).get(id);
      },
    };
    this.views.set(period, v);
    return v;
  }

  /**
   * `period` was produced by this evaluation and none of `before` that is known now came in after it: its outputs
   * were computed with the same earlier periods as are known now (a step may carry its own value on from it).
   */
  sameAsWhenEvaluated(period: string, before: string[]): boolean {
    if (!this.evaluated.has(period)) return false;
    const at = this.order.get(period)!;
    return before.every((b) => (this.order.get(b) ?? -1) < at);
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
    if ('results' in p) {
      for (let i = 0; i < p.results.length; i++) {
        d.outputs.set(p.results[i].id, p.results[i].outputs);
        d.inputs.set(p.results[i].id, p.inputs[i]);
      }
    } else {
      for (const s of p.subjects) {
        d.outputs.set(s.id, s.outputs);
        if (s.inputs) d.inputs.set(s.id, s.inputs);
      }
    }
    this.indexed.set(period, d);
    return d;
  }

  periods(): string[] {
    return [...this.raw.keys()];
  }
}
