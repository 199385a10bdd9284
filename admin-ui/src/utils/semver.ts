/** Semantic versions as the registry orders them (release versions only: drafts get fresh numbers). */
export function parseSemver(v: string): [number, number, number] | null {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export function compareSemver(a: string, b: string): number {
  const x = parseSemver(a) ?? [0, 0, 0];
  const y = parseSemver(b) ?? [0, 0, 0];
  for (let k = 0; k < 3; k++) if (x[k] !== y[k]) return x[k] - y[k];
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The next minor version after the highest one: what a new draft is usually called. */
export function nextMinor(versions: string[]): string {
  const top = [...versions].sort(compareSemver).pop();
  const p = top ? parseSemver(top) : null;
  return p ? `${p[0]}.${p[1] + 1}.0` : '1.0.0';
}
