/**
 * Demo data for wuxing-benchmarking: 220 of the district's basic-level party organisations tracked
 * against their benchmarks for eight quarters (2024-Q1 … 2025-Q4). Gaps close unevenly, some slip back;
 * the on-site review and the masses' survey are held in each Q4, when villages also report their collective income (1.1.0).
 * Deterministic: npx tsx rule-packs/wuxing-benchmarking/demo.gen.ts > rule-packs/wuxing-benchmarking/demo.json
 */
import { mulberry32 } from '../demo-random';

const rnd = mulberry32(1381);
/** A second stream for the fields added in 1.1.0, so that every value drawn before stays the same. */
const extra = mulberry32(1501);
const gauss = () => rnd() + rnd() + rnd() + rnd() - 2;
const clamp = (x: number) => Math.min(100, Math.max(0, x));
const one = (x: number) => Math.round(clamp(x) * 10) / 10;

const IND = ['leader', 'ideas', 'systems', 'venue', 'support', 'performance', 'masses'] as const;
type Scores = Record<(typeof IND)[number], number>;

const FIELDS: [string, number, string][] = [
  ['agency', 20, 'district'], ['township', 7, 'national'], ['street', 5, 'national'],
  ['village', 80, 'city'], ['community', 28, 'province'], ['twoNew', 80, 'district'],
];
const BENCHMARKS: Record<string, string[]> = {
  agency: ['system-model-unit-1', 'system-model-unit-2', 'system-model-unit-3'],
  township: ['top100-town-changxing', 'top100-town-kunshan'],
  street: ['demo-street-tianshui', 'civilised-street-hubin'],
  village: ['heping-village', 'new-countryside-model-village-a', 'new-countryside-model-village-b'],
  community: ['dengxinxiang-community', 'harmonious-community-model'],
  twoNew: ['axiang-group', 'strong-party-strong-growth-unit'],
};

const orgs = FIELDS.flatMap(([field, n, scope]) =>
  Array.from({ length: n }, (_, i) => {
    const target = Object.fromEntries(IND.map((k) => [k, 84 + 8 * rnd()])) as Scores;
    // Lost points concentrate on two or three indicators, as the classification found them.
    const own = Object.fromEntries(IND.map((k) => [k, target[k] - (rnd() < 0.4 ? 6 + 12 * rnd() : 3 * rnd() - 1)])) as Scores;
    const effort = 0.1 + 0.3 * rnd();
    return { id: `${field}${i + 1}`, field, scope, benchmark: BENCHMARKS[field][i % BENCHMARKS[field].length], target, own, effort };
  }),
);

const periods = [];
for (const year of [2024, 2025]) {
  for (const q of [1, 2, 3, 4]) {
    const subjects = [];
    for (const o of orgs) {
      for (const k of IND) {
        o.target[k] += 0.15 * rnd();
        // Each quarter closes part of the gap (aiming a little past the benchmark: 创标); noise lets some indicators slip back.
        o.own[k] += o.effort * (o.target[k] + 2 - o.own[k]) + 0.8 * gauss();
      }
      // A few organisations miss a quarter's report (reorganisation), which breaks their run.
      if (rnd() < 0.02) continue;
      const s: Record<string, unknown> = {
        id: o.id,
        field: o.field,
        benchmark: o.benchmark,
        benchmarkScope: o.scope,
        own: Object.fromEntries(IND.map((k) => [k, one(o.own[k])])),
        target: Object.fromEntries(IND.map((k) => [k, one(o.target[k])])),
      };
      if (q === 4) {
        const shortfall = IND.reduce((a, k) => a + Math.max(0, o.target[k] - o.own[k]), 0);
        s.onSiteScore = one(93 - 0.9 * shortfall + 3 * gauss());
        const ballots = 25 + Math.floor(40 * rnd());
        const p = Math.min(0.97, Math.max(0.2, 0.85 - shortfall / 60 + 0.08 * gauss()));
        let sat = 0;
        let basic = 0;
        for (let b = 0; b < ballots; b++) {
          const r = rnd();
          if (r < p) sat++;
          else if (r < p + (1 - p) * 0.7) basic++;
        }
        s.survey = { satisfied: sat, basicallySatisfied: basic, dissatisfied: ballots - sat - basic };
        // 1.1.0: a village's yearly collective income (元), known in Q4; about a quarter are at or under the 150,000 line.
        if (o.field === 'village') s.collectiveIncome = Math.round((60 + 440 * extra() ** 1.6) * 1000);
      }
      subjects.push(s);
    }
    periods.push({ period: `${year}-Q${q}`, subjects });
  }
}

process.stdout.write(JSON.stringify({ periods }) + '\n');
