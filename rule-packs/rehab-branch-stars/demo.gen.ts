/**
 * Demo data for rehab-branch-stars: 300 party branches over 2022–2024.
 * Deterministic (seeded PRNG, no dependencies): npx tsx rule-packs/rehab-branch-stars/demo.gen.ts > rule-packs/rehab-branch-stars/demo.json
 */
import { mulberry32 } from '../demo-random';
const SEED = 20240101;
const BRANCHES = 300;
const YEARS = ['2022', '2023', '2024'];
const CATEGORIES = ['teamBuilding', 'performance', 'teamManagement', 'production', 'innovation'] as const;

const rand = mulberry32(SEED);
const normal = (mean: number, sd: number) => mean + sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
// Raters score in half points, within the 0–20 range of a category.
const half = (x: number) => clamp(Math.round(x * 2) / 2, 0, 20);

/** One rater's five categories around a total `level` (0–100), with the rater's own leniency. */
function rating(level: number, leniency: number, sd: number): Record<string, number> {
  const o: Record<string, number> = {};
  for (const c of CATEGORIES) o[c] = half(normal((level + leniency) / 5, sd));
  return o;
}

// A branch's underlying quality persists from year to year, so stars and the sustained bonus have history.
const quality = Array.from({ length: BRANCHES }, () => clamp(normal(80, 8), 40, 99));
const periods = YEARS.map((period) => ({
  period,
  subjects: quality.flatMap((q, i) => {
    // A few branches are merged or newly set up: missing in a year, which breaks a consecutive run.
    if (rand() < 0.02) return [];
    const level = clamp(q + normal(0, 3), 30, 100);
    const peers = Array.from({ length: 3 + Math.floor(rand() * 4) }, () => rating(level, normal(0, 2), 0.8));
    return [
      {
        id: `branch${String(i + 1).padStart(3, '0')}`,
        self: rating(level, 4, 0.6),
        peers,
        committee: rating(level, 0, 0.7),
        satisfaction: Math.round(clamp(rand() < 0.03 ? normal(0.76, 0.04) : normal(0.92, 0.04), 0.5, 1) * 100) / 100,
        majorIncident: rand() < 0.01,
        violation: rand() < 0.015,
      },
    ];
  }),
}));
process.stdout.write(JSON.stringify({ periods }) + '\n');
