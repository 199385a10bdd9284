/**
 * Demo data for keqiao-five-good: the basic-level party organisations of Keqiao street over the three years of
 * the 2010 opinion (2010–2012). Community organisations come closer to the 60% five-good target each year,
 * agencies start near 70%; member counts drift, a few communities sit close to 50 or 100 members, and an
 * organisation proposed for an upgrade one year has the new form the next.
 * Deterministic: npx tsx rule-packs/keqiao-five-good/demo.gen.ts > rule-packs/keqiao-five-good/demo.json
 */
import { mulberry32 } from '../demo-random';

const rnd = mulberry32(2010_31);

type OrgType = 'community' | 'enterprise' | 'agency' | 'institution';
type Form = 'branch' | 'generalBranch' | 'committee';
const TYPES: [OrgType, number, number, [number, number]][] = [
  // type, how many, chance of each "good" in 2010, members range
  ['community', 46, 0.87, [12, 110]],
  ['enterprise', 32, 0.88, [3, 60]],
  ['agency', 24, 0.92, [5, 40]],
  ['institution', 18, 0.91, [5, 45]],
];

const orgs = TYPES.flatMap(([type, n, p, [lo, hi]]) =>
  Array.from({ length: n }, (_, i) => {
    const members = Math.round(lo + (hi - lo) * rnd() ** 1.6);
    const form: Form = members >= 100 ? 'committee' : members >= 50 ? 'generalBranch' : 'branch';
    return { id: `${type}-${String(i + 1).padStart(2, '0')}`, type, p: Math.min(0.99, p + 0.04 * (rnd() - 0.5)), members, form };
  }),
);

const periods = [];
for (const year of [2010, 2011, 2012]) {
  const subjects = orgs.map((o) => {
    const good = () => rnd() < o.p;
    const s: Record<string, unknown> = {
      id: o.id,
      orgType: o.type,
      goodLeadership: good(),
      goodMembers: good(),
      goodMechanism: good(),
      goodPerformance: good(),
      goodMasses: good(),
      members: o.members,
      form: o.form,
    };
    if (o.type === 'community' && rnd() < 0.3) s.conditionsMature = rnd() < 0.8;
    return s;
  });
  periods.push({ period: String(year), subjects });
  // next year: each "good" a little likelier, members drift, upgraded communities take their new form
  for (const o of orgs) {
    o.p = Math.min(0.99, o.p + 0.006 + 0.008 * rnd());
    o.members = Math.max(1, o.members + Math.round(8 * (rnd() - 0.3)));
    if (o.type === 'community' && o.form === 'branch' && o.members >= 45) o.form = 'generalBranch';
    if (o.type === 'community' && o.form !== 'committee' && o.members >= 95) o.form = 'committee';
  }
}

process.stdout.write(JSON.stringify({ periods }) + '\n');
