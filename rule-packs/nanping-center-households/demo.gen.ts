/**
 * Demo data for nanping-center-households: the party-member centre households of the Nanping branch over three
 * years of half-yearly reviews (2022–2024, entered in Q2 and Q4). Most households play their role well and are
 * affirmed; a few slip, and a household proposed for replacement is followed by a new one the next half-year.
 * Deterministic: npx tsx rule-packs/nanping-center-households/demo.gen.ts > rule-packs/nanping-center-households/demo.json
 */
import { mulberry32 } from '../demo-random';

const rnd = mulberry32(2024_04);

const AREAS = ['南坪东路', '四小区', '南城大道', '正阳市场', '万达广场'];
const rating = (x: number) => (x > 0.6 ? 'good' : x > 0.33 ? 'fair' : 'poor');
let next = 1;
const newHousehold = (area: string) => ({ id: `hh-${String(next++).padStart(3, '0')}`, area, standing: 0.35 + 0.6 * rnd() });
let households = AREAS.flatMap((a) => Array.from({ length: 9 }, () => newHousehold(a)));

const periods = [];
for (const year of [2022, 2023, 2024]) {
  for (const q of ['Q2', 'Q4']) {
    const subjects = households.map((h) => {
      h.standing = Math.min(0.98, Math.max(0.05, h.standing + 0.12 * (rnd() - 0.55)));
      return {
        id: h.id,
        area: h.area,
        rolePerformance: rating(h.standing + 0.2 * (rnd() - 0.5)),
        workProgress: rating(h.standing + 0.25 * (rnd() - 0.5)),
        approvalRate: Math.round(Math.min(1, Math.max(0, h.standing + 0.25 * (rnd() - 0.4))) * 100) / 100,
      };
    });
    periods.push({ period: `${year}-${q}`, subjects });
    // the branch committee follows most replacement proposals: the household is replaced by a new one
    households = households.map((h, i) => {
      const s = subjects[i];
      const replace = (s.rolePerformance === 'poor' || s.workProgress === 'poor') && rnd() < 0.8;
      return replace ? newHousehold(h.area) : h;
    });
  }
}

process.stdout.write(JSON.stringify({ periods }) + '\n');
