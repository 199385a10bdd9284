/** Half away from zero to `digits` decimals, decimal-correct near halves (what a careful developer writes by hand). */
export function roundHalfAway(x: number, digits: number): number {
  const f = 10 ** digits;
  const s = Math.abs(x) * f;
  const fl = Math.floor(s);
  const frac = s - fl;
  const tol = 1e-9 * (s > 1 ? s : 1);
  const r = frac < 0.5 - tol ? fl : frac > 0.5 + tol ? fl + 1 : Math.floor(Number(Number(Math.abs(x).toPrecision(15)) + 'e' + digits) + 0.5);
  const out = r / f;
  return x < 0 && out !== 0 ? -out : out;
}
