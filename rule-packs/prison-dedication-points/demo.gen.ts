/**
 * Demo data for prison-dedication-points: 300 party members of a prison over 2022–2024.
 * Deterministic (seeded PRNG, no dependencies):
 *   npx tsx rule-packs/prison-dedication-points/demo.gen.ts > rule-packs/prison-dedication-points/demo.json
 */
import { mulberry32 } from '../demo-random';
const SEED = 20240303;
const MEMBERS = 300;
const YEARS = ['2022', '2023', '2024'];

const rand = mulberry32(SEED);
const normal = (mean: number, sd: number) => mean + sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
/** An item of 5–10 points, as the scheme awards them (whole points). */
const item = () => 5 + Math.floor(rand() * 6);
const items = (n: number) => Array.from({ length: n }, item);
/** How many items: a rounded, non-negative draw around `mean`. */
const howMany = (mean: number) => Math.max(0, Math.round(normal(mean, Math.max(0.8, mean / 4))));

// Each member has a lasting profile: most are steady, some stand out every year, a few slip.
type Profile = { base: number; additions: number; deductions: number; probationaryUntil: number };
const profiles: Profile[] = Array.from({ length: MEMBERS }, () => {
  const r = rand();
  if (r < 0.06) return { base: 96, additions: 7.5, deductions: 0, probationaryUntil: -1 }; // stand-outs: 140+ most years
  if (r < 0.09) return { base: 58, additions: 0, deductions: 1.5, probationaryUntil: -1 }; // slipping: around 50
  return { base: clamp(normal(88, 5), 60, 100), additions: 2, deductions: 0.15, probationaryUntil: rand() < 0.1 ? Math.floor(rand() * 2) : -1 };
});

const periods = YEARS.map((period, yi) => ({
  period,
  subjects: profiles.flatMap((p, i) => {
    if (rand() < 0.02) return []; // transferred in or out that year
    const review = rand() < 0.05 ? 5 * (1 + Math.floor(rand() * 6)) : 0;
    return [
      {
        id: `m${String(i + 1).padStart(3, '0')}`,
        base: Math.round(clamp(normal(p.base, 4), 0, 100)),
        additions: items(howMany(p.additions)),
        deductions: items(rand() < p.deductions ? 1 + Math.floor(rand() * 2) : 0),
        reviewDeductions: review,
        probationary: yi <= p.probationaryUntil,
      },
    ];
  }),
}));
process.stdout.write(JSON.stringify({ periods }) + '\n');
