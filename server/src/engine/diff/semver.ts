/**
 * Semantic versions as the pack schema allows them (MAJOR.MINOR.PATCH[-pre]), and the bump a change needs.
 * The one implementation: it lives in the engine so that the browser bundle, which reaches the engine through
 * `@engine`, needs nothing outside it; server/src/common/semver.ts re-exports it for the server.
 */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$/;

export function isSemver(v: string): boolean {
  return SEMVER.test(v);
}

export type ChangeLevel = 'major' | 'minor' | 'patch';

function parse(v: string): { nums: [number, number, number]; pre: string | undefined } | null {
  const m = SEMVER.exec(v);
  return m ? { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] } : null;
}

/** Negative when a < b, positive when a > b, 0 when equal (semver precedence). */
export function compareVersions(a: string, b: string): number {
  const ma = SEMVER.exec(a);
  const mb = SEMVER.exec(b);
  if (!ma || !mb) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 1; i <= 3; i++) {
    const d = Number(ma[i]) - Number(mb[i]);
    if (d !== 0) return d;
  }
  const pa = ma[4];
  const pb = mb[4];
  if (pa === undefined || pb === undefined) return pa === pb ? 0 : pa === undefined ? 1 : -1;
  const xa = pa.split('.');
  const xb = pb.split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    if (xa[i] === undefined) return -1;
    if (xb[i] === undefined) return 1;
    const na = /^\d+$/.test(xa[i]);
    const nb = /^\d+$/.test(xb[i]);
    if (na && nb && Number(xa[i]) !== Number(xb[i])) return Number(xa[i]) - Number(xb[i]);
    if (na !== nb) return na ? -1 : 1;
    if (xa[i] !== xb[i]) return xa[i] < xb[i] ? -1 : 1;
  }
  return 0;
}

/**
 * The next version number for a level: 1.2.3 + minor → 1.3.0. A pre-release becomes its own release when that is
 * already the bump (2.0.0-rc.1 + major → 2.0.0, 1.2.3-rc + patch → 1.2.3), as npm's semver does.
 */
export function nextVersion(prev: string, level: ChangeLevel): string {
  const p = parse(prev);
  if (!p) throw new Error(`not a semantic version: ${prev}`);
  const [M, m, n] = p.nums;
  if (level === 'major') return p.pre !== undefined && m === 0 && n === 0 ? `${M}.0.0` : `${M + 1}.0.0`;
  if (level === 'minor') return p.pre !== undefined && n === 0 ? `${M}.${m}.0` : `${M}.${m + 1}.0`;
  return p.pre !== undefined ? `${M}.${m}.${n}` : `${M}.${m}.${n + 1}`;
}

/**
 * Whether `version` is a legal successor of `prev` for that level: strictly greater, and at least the next
 * version of that level (a major change needs a new major number, a minor change a new minor or major number).
 * A pre-release of that next version counts (2.0.0-rc.1 for a major change after 1.2.3).
 */
export function versionSatisfies(prev: string, version: string, level: ChangeLevel | 'none'): boolean {
  const v = parse(version);
  if (!v || !parse(prev)) return false;
  if (compareVersions(version, prev) <= 0) return false;
  return level === 'none' || compareVersions(v.nums.join('.'), nextVersion(prev, level)) >= 0;
}
