/** Exact arithmetic on decimal strings, for differences of exact totals. */

function toScaled(s: string): { units: bigint; scale: number } {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(s);
  if (!m) throw new Error(`not a decimal: ${s}`);
  const frac = m[3] ?? '';
  let units = BigInt(m[2] + frac);
  let scale = frac.length - Number(m[4] ?? 0);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: m[1] ? -units : units, scale };
}

function fromScaled(units: bigint, scale: number): string {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
  let out = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  if (scale) out = out.replace(/\.?0+$/, '');
  return (neg && out !== '0' ? '-' : '') + out;
}

/** a − b, exactly. */
export function decimalSub(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  const s = Math.max(x.scale, y.scale);
  return fromScaled(x.units * 10n ** BigInt(s - x.scale) - y.units * 10n ** BigInt(s - y.scale), s);
}
