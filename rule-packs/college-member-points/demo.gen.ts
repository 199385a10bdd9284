/**
 * Demo data for college-member-points: the undergraduate branch members of one school over three years
 * (2022–2024). Activists become probationary and then full members; seniors graduate and new activists join.
 *   npx tsx rule-packs/college-member-points/demo.gen.ts > rule-packs/college-member-points/demo.json
 * Seeded and deterministic: the same command always writes the same file.
 */
import { mulberry32 as prng } from '../demo-random';

const rand = prng(20220901);
const gauss = () => {
  let s = 0;
  for (let i = 0; i < 6; i++) s += rand();
  return (s - 3) / Math.sqrt(0.5);
};
const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

type Stage = 'activist' | 'probationary' | 'full';
interface Member { id: string; stage: Stage; year: number; merit: number }

const CAPS: [string, number][] = [['political', 25], ['discipline', 25], ['study', 25], ['practice', 15], ['innovation', 10]];
let next = 1;
const newMember = (stage: Stage, year: number): Member => ({
  id: `s${String(next++).padStart(4, '0')}`,
  stage,
  year,
  // Most members do well; a long tail does not (the document's penalty tiers exist for them).
  merit: clamp(0.82 + gauss() * 0.06 - (rand() < 0.06 ? 0.2 : 0), 0.35, 1),
});

// The starting roll: students in their 2nd–4th year at every stage.
let roll: Member[] = [];
for (let i = 0; i < 300; i++) {
  const year = 2 + Math.floor(rand() * 3);
  const r = rand();
  roll.push(newMember(r < 0.45 ? 'activist' : r < 0.75 ? 'probationary' : 'full', year));
}

const periods = [];
for (const period of ['2022', '2023', '2024']) {
  const subjects = roll.map((m) => {
    const daily: Record<string, number> = {};
    for (const [k, cap] of CAPS) daily[k] = clamp(round1(cap * (m.merit + gauss() * 0.05)), 0, cap);
    const bonus = rand() < 0.3 ? Math.ceil(rand() * 6) : 0;
    const veto = rand() < 0.01;
    const annualReview = clamp(round1(100 * (m.merit + 0.02 + gauss() * 0.05)), 0, 100);
    return { id: m.id, stage: m.stage, daily, bonus, veto, annualReview };
  });
  periods.push({ period, subjects });
  // The year turns: seniors graduate, others move one stage on with some delay, a new cohort of activists joins.
  roll = roll
    .filter((m) => m.year < 4)
    .map((m) => ({
      ...m,
      year: m.year + 1,
      stage: m.stage === 'activist' && rand() < 0.5 ? 'probationary' : m.stage === 'probationary' && rand() < 0.8 ? 'full' : m.stage,
    }));
  const joining = 300 - roll.length;
  for (let i = 0; i < joining; i++) roll.push(newMember('activist', 2));
}

// One subject per line keeps the file readable and its diffs small.
const lines = periods.map((p) => `    { "period": ${JSON.stringify(p.period)}, "subjects": [\n${p.subjects.map((s) => `      ${JSON.stringify(s)}`).join(',\n')}\n    ] }`);
process.stdout.write(`{\n  "periods": [\n${lines.join(',\n')}\n  ]\n}\n`);
