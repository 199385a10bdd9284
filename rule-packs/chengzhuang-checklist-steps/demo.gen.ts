/**
 * Demo data for chengzhuang-checklist-steps: 300 party branches over eight quarters (2023-Q1 … 2024-Q4).
 * Deterministic (seeded PRNG, no dependencies):
 *   npx tsx rule-packs/chengzhuang-checklist-steps/demo.gen.ts > rule-packs/chengzhuang-checklist-steps/demo.json
 */
import { mulberry32 } from '../demo-random';
const SEED = 20240404;
const BRANCHES = 300;
const QUARTERS = ['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'];

const rand = mulberry32(SEED);
const normal = (mean: number, sd: number) => mean + sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
// Inspectors score in half points.
const half = (x: number, max: number) => clamp(Math.round(x * 2) / 2, 0, max);

// Half the branches work underground at the face, the rest in auxiliary teams or on the surface.
const lines = ['front', 'second', 'surface'] as const;
const branches = Array.from({ length: BRANCHES }, () => {
  const r = rand();
  // A few branches struggle for several quarters in a row, so the warning → removal → dismissal ladder shows up.
  const weak = rand() < 0.03;
  return {
    line: lines[r < 0.5 ? 0 : r < 0.8 ? 1 : 2],
    key: weak ? 34 : clamp(normal(43, 1.2), 36, 45),
    basic: weak ? 26 : clamp(normal(41, 5), 25, 55),
    innovation: clamp(normal(4, 2.5), 0, 10),
  };
});

const periods = QUARTERS.map((period) => ({
  period,
  subjects: branches.flatMap((b, i) => {
    if (rand() < 0.01) return []; // a branch reorganised that quarter
    return [
      {
        id: `branch${String(i + 1).padStart(3, '0')}`,
        key: half(normal(b.key, 1.5), 45),
        basic: half(normal(b.basic, 3), 55),
        innovation: half(normal(b.innovation, 1.5), 10),
        line: b.line,
      },
    ];
  }),
}));
process.stdout.write(JSON.stringify({ periods }) + '\n');
