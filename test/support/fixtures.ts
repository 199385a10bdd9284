/**
 * Inputs for the seed packs used by the API suites (contracts in shared/SCHEMES.md).
 *   branch('b1', { self: 18, peers: [16, 18], committee: 19 })  → a rehab-branch-stars subject whose five categories
 *   are all `self` (etc.); that one scores 0.1×90 + 0.3×85 + 0.6×95 = 91.5, four stars.
 *   envelope(period, subjects) → { periods: [{ period, subjects }] }
 */
const CATEGORIES = ['teamBuilding', 'performance', 'teamManagement', 'production', 'innovation'] as const;

const each = (v: number) => Object.fromEntries(CATEGORIES.map((c) => [c, v]));

export function branch(id: string, o: { self: number; peers: number[]; committee: number; satisfaction?: number; majorIncident?: boolean; violation?: boolean }) {
  return {
    id,
    self: each(o.self),
    peers: o.peers.map(each),
    committee: each(o.committee),
    satisfaction: o.satisfaction ?? 0.9,
    majorIncident: o.majorIncident ?? false,
    violation: o.violation ?? false,
  };
}

export function envelope(period: string, subjects: unknown[], parameters?: Record<string, unknown>) {
  return parameters ? { periods: [{ period, subjects }], parameters } : { periods: [{ period, subjects }] };
}

/** 91.5 → 4★ (the SCHEMES.md example). */
export const FOUR_STAR = { self: 18, peers: [16, 18], committee: 19 };
/** 75 → 2★. */
export const TWO_STAR = { self: 15, peers: [15], committee: 15 };
