import { prng } from './prng';

/**
 * Benchmark nominations for ouhai-commendation, a district scaled up: committees of 2,000–6,000 members whose
 * individual nominations run at 2–4.5% of their members (the 3% quota binds in about half of them), one or two
 * collective nominations each (the district-wide quota of 20 binds), 8% level-1 nominations (the quota of 50
 * binds), and a small pool of often-commended members per committee so that members collect level-3 and level-2
 * awards over the years and escalate. A few wrong grantors, missing reviews, deceased nominees.
 */
export interface OuhaiYear {
  period: string;
  scopes: Record<string, { members: number }>;
  subjects: Record<string, unknown>[];
}

const GRANTORS = ['district-committee', 'org-department', 'township-committee', 'department-committee'];

export function ouhaiYears(perYear: number, years: number, seed: number, firstYear = 2024): OuhaiYear[] {
  const rnd = prng(seed);
  const chance = (p: number) => rnd() < p;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  // Committees are fixed across the years (their membership drifts); enough of them to reach perYear nominations.
  const committees: { id: string; members: number; grantor3: string }[] = [];
  for (let total = 0, c = 0; total < perYear; c++) {
    const members = 2000 + Math.floor(rnd() * 4000);
    committees.push({ id: `c${pad(c, 5)}`, members, grantor3: chance(0.6) ? 'township-committee' : 'department-committee' });
    total += Math.round(members * 0.0325) + 1.5;
  }
  const out: OuhaiYear[] = [];
  for (let y = 0; y < years; y++) {
    const year = firstYear + y;
    const subjects: Record<string, unknown>[] = [];
    const scopes: Record<string, { members: number }> = {};
    let seq = 0;
    const date = () => `${year}-${pad(1 + Math.floor(rnd() * 12), 2)}-${pad(1 + Math.floor(rnd() * 28), 2)}`;
    const merit = () => Math.round((62 + 38 * Math.pow(rnd(), 0.7)) * 10) / 10;
    for (const c of committees) {
      if (subjects.length >= perYear) break;
      const m = Math.round(c.members * (0.97 + 0.06 * rnd()));
      scopes[c.id] = { members: m };
      const individuals = Math.round(m * (0.02 + 0.025 * rnd()));
      for (let k = 0; k < individuals && subjects.length < perYear; k++) {
        const r = rnd();
        const level = r < 0.08 ? 1 : r < 0.3 ? 2 : 3;
        const right = level === 1 ? 'district-committee' : level === 2 ? 'org-department' : c.grantor3;
        const s: Record<string, unknown> = {
          id: `n${year}-${pad(++seq, 7)}`,
          kind: 'individual',
          level,
          nominee: chance(0.45) ? `${c.id}-m${pad(Math.floor(rnd() * 40), 4)}` : `${c.id}-m${pad(40 + Math.floor(rnd() * (m - 40)), 4)}`,
          committee: c.id,
          grantor: chance(0.03) ? GRANTORS[Math.floor(rnd() * 4)] : right,
          merit: merit(),
          date: date(),
          reviewed: chance(0.97),
          publicNotice: chance(0.95),
        };
        if (chance(0.01)) {
          s.deceased = true;
          if (chance(0.8)) s.diedInService = chance(0.7);
        } else if (chance(0.05)) s.deceased = false;
        subjects.push(s);
      }
      const collectives = 1 + (chance(0.5) ? 1 : 0);
      for (let k = 0; k < collectives && subjects.length < perYear; k++) {
        subjects.push({
          id: `n${year}-${pad(++seq, 7)}`,
          kind: 'collective',
          nominee: `${c.id}-branch${pad(1 + Math.floor(rnd() * 12), 2)}`,
          committee: c.id,
          grantor: chance(0.04) ? 'org-department' : 'district-committee',
          merit: merit(),
          date: date(),
          reviewed: chance(0.97),
          publicNotice: chance(0.96),
        });
      }
    }
    out.push({ period: String(year), scopes, subjects });
  }
  return out;
}
