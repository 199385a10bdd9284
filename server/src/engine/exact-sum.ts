/**
 * Exact sums of decimal numbers. Each value is split into an integer count of 10^-d units, where d is
 * the fewest decimals that reproduce it exactly; the units are summed per d in safe integers (spilling
 * into BigInt), so a million prizes of 0.1 add up to exactly 100000, not 100000.00000133288.
 */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);
const SPILL = 2 ** 52;

export interface ExactSumState {
  /** Per decimal count d: the small running sum (a safe integer) and the spilled BigInt part, as a string. */
  parts: { d: number; small: number; big: string }[];
  count: number;
}

export class ExactSum {
  private small: number[] = [];
  private big: bigint[] = [];
  /** Values that have no short decimal form (1/3); summed in plain floating point as a last resort. */
  private inexact = 0;
  count = 0;

  add(v: number): void {
    if (!Number.isFinite(v)) return;
    this.count++;
    let d = 0;
    let units = v;
    if (!Number.isInteger(v)) {
      for (d = 1; d < 16; d++) {
        units = Math.round(v * POW10[d]);
        if (units / POW10[d] === v) break;
      }
      if (d === 16) {
        this.inexact += v;
        return;
      }
    }
    this.addUnits(d, units);
  }

  private addUnits(d: number, units: number): void {
    while (this.small.length <= d) {
      this.small.push(0);
      this.big.push(0n);
    }
    const s = this.small[d] + units;
    if (s > SPILL || s < -SPILL) {
      this.big[d] += BigInt(this.small[d]) + BigInt(units);
      this.small[d] = 0;
    } else this.small[d] = s;
  }

  /** The exact sum as a decimal string ("12345.5"). */
  toDecimal(): string {
    const D = this.small.length ? this.small.length - 1 : 0;
    let total = 0n;
    for (let d = 0; d < this.small.length; d++) {
      total += (this.big[d] + BigInt(this.small[d])) * 10n ** BigInt(D - d);
    }
    const neg = total < 0n;
    let digits = (neg ? -total : total).toString().padStart(D + 1, '0');
    let out = D ? `${digits.slice(0, -D)}.${digits.slice(-D)}` : digits;
    if (D) out = out.replace(/\.?0+$/, '');
    digits = out;
    const exact = (neg ? '-' : '') + digits;
    if (this.inexact === 0) return exact;
    return String(Number(exact) + this.inexact);
  }

  /** The sum as the nearest double to the exact decimal. */
  value(): number {
    return Number(this.toDecimal());
  }

  state(): ExactSumState {
    return {
      parts: this.small.map((small, d) => ({ d, small, big: this.big[d].toString() })),
      count: this.count,
      ...(this.inexact ? { inexact: this.inexact } : {}),
    } as ExactSumState;
  }

  static from(st: ExactSumState): ExactSum {
    const s = new ExactSum();
    s.mergeState(st);
    return s;
  }

  mergeState(st: ExactSumState): void {
    for (const p of st.parts) {
      this.addUnits(p.d, 0);
      this.big[p.d] += BigInt(p.big);
      this.addUnits(p.d, p.small);
    }
    this.count += st.count;
    this.inexact += (st as { inexact?: number }).inexact ?? 0;
  }
}
