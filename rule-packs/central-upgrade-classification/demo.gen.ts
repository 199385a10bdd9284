/**
 * Demo data for central-upgrade-classification: one county's basic-level party organisations over four
 * years, in six fields. Each organisation has an underlying quality that drifts a little every year;
 * the three assessments scatter around it (the masses less generous than the organisation itself).
 * Deterministic: npx tsx rule-packs/central-upgrade-classification/demo.gen.ts > rule-packs/central-upgrade-classification/demo.json
 */
import { mulberry32 } from '../demo-random';

const rnd = mulberry32(2012_06);
/** Approximately normal (sum of uniforms). */
const gauss = () => rnd() + rnd() + rnd() + rnd() - 2;
const clamp = (x: number) => Math.min(100, Math.max(0, x));
const score = (x: number) => Math.round(clamp(x) * 10) / 10;

const FIELDS: [string, number, number][] = [
  // field, organisations, mean quality
  ['village', 150, 76], ['community', 48, 79], ['agency', 39, 82], ['soe', 14, 84], ['nonpublic', 64, 71], ['social', 18, 69],
];

const orgs = FIELDS.flatMap(([field, n, mean]) =>
  Array.from({ length: n }, (_, i) => ({ id: `${field}${i + 1}`, field, quality: mean + 9 * gauss(), active: true })),
);

const periods = [];
for (const year of [2022, 2023, 2024, 2025]) {
  const subjects = [];
  for (const o of orgs) {
    // A few organisations are dissolved or founded each year (mostly non-public and social).
    if (year > 2022 && (o.field === 'nonpublic' || o.field === 'social') && rnd() < 0.06) o.active = !o.active;
    if (!o.active) continue;
    // Rectification lifts the weak a little more than the strong: 整改提高.
    o.quality += (o.quality < 70 ? 2.5 : 0.8) + 2.5 * gauss();
    subjects.push({
      id: o.id,
      field: o.field,
      selfScore: score(o.quality + 6 + 3 * gauss()),
      massScore: score(o.quality - 2 + 6 * gauss()),
      superiorScore: score(o.quality + 4 * gauss()),
    });
  }
  periods.push({ period: String(year), subjects });
}

process.stdout.write(JSON.stringify({ periods }, null, 1) + '\n');
