/**
 * Demo nominations for ouhai-commendation: four years of a district with 14 basic-level committees.
 * Deterministic (seeded PRNG, no dependencies): npx tsx rule-packs/ouhai-commendation/demo.gen.ts > rule-packs/ouhai-commendation/demo.json
 */
import { mulberry32 } from '../demo-random';

const rnd = mulberry32(20240301);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const chance = (p: number) => rnd() < p;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

// Towns/streets grant level 3 through their party (working) committee, departments through theirs.
const COMMITTEES = [
  ['jingshan', 820, 'township-committee'], ['xinqiao', 640, 'township-committee'], ['louqiao', 710, 'township-committee'],
  ['quxi', 560, 'township-committee'], ['nanbaixiang', 430, 'township-committee'], ['guoxi', 380, 'township-committee'],
  ['zeya', 240, 'township-committee'], ['qushan', 150, 'township-committee'], ['xianyan', 520, 'township-committee'],
  ['education', 900, 'department-committee'], ['health', 610, 'department-committee'], ['police', 470, 'department-committee'],
  ['commerce', 120, 'department-committee'], ['transport', 90, 'department-committee'],
] as const;

// A small pool of frequently commended members per committee, so repeated awards (and escalations) occur.
const pools = new Map(COMMITTEES.map(([c]) => [c, Array.from({ length: 25 }, (_, i) => `${c}-m${pad(i + 1, 3)}`)]));

function dateIn(year: number): string {
  const m = 1 + Math.floor(rnd() * 12);
  const d = 1 + Math.floor(rnd() * 28);
  return `${year}-${pad(m)}-${pad(d)}`;
}
const merit = () => Math.round((62 + 38 * Math.pow(rnd(), 0.7)) * 10) / 10;

const periods = [];
let seq = 0;
for (const year of [2022, 2023, 2024, 2025]) {
  const subjects: Record<string, unknown>[] = [];
  const scopes: Record<string, { members: number }> = {};
  for (const [c, members, grantor3] of COMMITTEES) {
    // Membership drifts a little year to year.
    const m = Math.round(members * (0.97 + 0.06 * rnd()));
    scopes[c] = { members: m };
    // Nominations run a little above the 3% quota in most committees, so the quota binds.
    const individuals = Math.round(m * (0.02 + 0.025 * rnd()));
    for (let k = 0; k < individuals; k++) {
      const r = rnd();
      const level = r < 0.08 ? 1 : r < 0.3 ? 2 : 3;
      const rightGrantor = level === 1 ? 'district-committee' : level === 2 ? 'org-department' : grantor3;
      const deceased = chance(0.01);
      subjects.push({
        id: `n${year}-${pad(++seq, 4)}`,
        kind: 'individual',
        level,
        nominee: chance(0.45) ? pick(pools.get(c)!) : `${c}-m${pad(100 + Math.floor(rnd() * 400), 3)}`,
        committee: c,
        grantor: chance(0.03) ? pick(['district-committee', 'org-department', 'township-committee', 'department-committee']) : rightGrantor,
        merit: merit(),
        date: dateIn(year),
        reviewed: chance(0.97),
        publicNotice: chance(0.95),
        ...(deceased ? { deceased: true, diedInService: chance(0.7) } : {}),
      });
    }
    // One or two collective nominations per committee: 14–28 a year (about 24) against a quota of 20.
    const collectives = 1 + (chance(0.7) ? 1 : 0);
    for (let k = 0; k < collectives; k++) {
      subjects.push({
        id: `n${year}-${pad(++seq, 4)}`,
        kind: 'collective',
        nominee: `${c}-branch${pad(1 + Math.floor(rnd() * 12))}`,
        committee: c,
        grantor: chance(0.04) ? 'org-department' : 'district-committee',
        merit: merit(),
        date: dateIn(year),
        reviewed: chance(0.97),
        publicNotice: chance(0.96),
      });
    }
  }
  periods.push({ period: String(year), scopes, subjects });
}

process.stdout.write(JSON.stringify({ periods }, null, 1) + '\n');
