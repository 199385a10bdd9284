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

/** A minimal pack around some rules, for engine probes: the boilerplate fields filled in, the rest given. */
export function probePack(id: string, p: { period?: string; input: object; rules: object[]; outputs: string[]; summary?: object[] }): import('../../server/src/engine').Pack {
  return {
    id,
    version: '1.0.0',
    title: { 'zh-CN': '探针', en: id },
    source: { document: 'none', title: 'none' },
    locality: { 'zh-CN': '测试', en: 'test' },
    period: p.period ?? 'year',
    subject: { kind: 'probe', label: { 'zh-CN': '探针', en: 'probe' } },
    input: p.input,
    parameters: {},
    rules: p.rules,
    outputs: p.outputs,
    ...(p.summary ? { summary: p.summary } : {}),
  } as unknown as import('../../server/src/engine').Pack;
}
