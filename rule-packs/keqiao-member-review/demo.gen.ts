/**
 * Demo data for keqiao-member-review: the party members of six community (residents') party
 * organisations reviewed over three years. Each voter leans on the member's standing; most ballots say
 * qualified or excellent, a few members draw many critical ballots.
 * Deterministic: npx tsx rule-packs/keqiao-member-review/demo.gen.ts > rule-packs/keqiao-member-review/demo.json
 */
import { mulberry32 } from '../demo-random';

const rnd = mulberry32(2010_16);
const gauss = () => rnd() + rnd() + rnd() + rnd() - 2;

const CHOICES = ['unqualified', 'basicallyUnqualified', 'basicallyQualified', 'qualified', 'excellent'] as const;
const COMMUNITIES: [string, number][] = [['keqiao', 62], ['huaxia', 55], ['yuexi', 48], ['lihua', 40], ['dongguan', 51], ['xiaoxi', 44]];

/** One voter's choice around a standing on the 0 (unqualified) … 4 (excellent) scale. */
function vote(standing: number, spread: number): (typeof CHOICES)[number] {
  const x = Math.round(standing + spread * gauss());
  return CHOICES[Math.min(4, Math.max(0, x))];
}
function tally(n: number, standing: number, spread: number): Record<string, number> {
  const t: Record<string, number> = Object.fromEntries(CHOICES.map((c) => [c, 0]));
  for (let i = 0; i < n; i++) t[vote(standing, spread)]++;
  return t;
}

const members = COMMUNITIES.flatMap(([c, n]) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${c}-${String(i + 1).padStart(3, '0')}`,
    community: c,
    // Most members sit between qualified and excellent; a tail is weaker, and a handful draw many "unqualified" votes.
    standing: rnd() < 0.04 ? 0.1 + 1.4 * rnd() : 3.3 + 0.7 * gauss(),
    visibility: 0.6 + 0.8 * rnd(), // how well the masses know the member: low visibility, more scattered votes
  })),
);

const periods = [];
for (const year of [2023, 2024, 2025]) {
  const subjects = [];
  for (const [c, n] of COMMUNITIES) {
    const present = Math.round(n * (0.75 + 0.2 * rnd())); // party members attending the review meeting
    const reps = 9 + Math.floor(10 * rnd()); // non-party representatives of the masses
    for (const m of members.filter((x) => x.community === c)) {
      m.standing = Math.min(4.4, m.standing + 0.15 * gauss() + (m.standing < 2 ? 0.3 : 0));
      subjects.push({
        id: m.id,
        community: c,
        memberBallots: tally(present - 1, m.standing, 0.8),
        massBallots: tally(reps, m.standing - 0.2, 0.8 / m.visibility),
      });
    }
  }
  periods.push({ period: String(year), subjects });
}

process.stdout.write(JSON.stringify({ periods }) + '\n');
