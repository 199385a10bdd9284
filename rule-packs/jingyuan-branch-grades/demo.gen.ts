/**
 * Demo data for jingyuan-branch-grades: a power company's 24 party branches and their members over
 * three years. Branches improve as standardisation rolls out (一年試點、兩年推進、三年全覆蓋); members'
 * points follow their branch's strength plus personal spread.
 * Deterministic: npx tsx rule-packs/jingyuan-branch-grades/demo.gen.ts > rule-packs/jingyuan-branch-grades/demo.json
 */
import { mulberry32 } from '../demo-random';

const rnd = mulberry32(85_36);
const gauss = () => rnd() + rnd() + rnd() + rnd() - 2;
const within = (x: number, max: number) => Math.round(Math.min(max, Math.max(0, x)) * 10) / 10;

const UNITS = ['operations1', 'operations2', 'maintenance', 'fuel', 'chemistry', 'coal-yard', 'safety', 'engineering',
  'finance', 'hr', 'admin', 'logistics', 'it', 'marketing', 'planning', 'retirees', 'boiler', 'turbine', 'electrical',
  'instrumentation', 'environment', 'heating', 'transport', 'canteen'];
const AREAS = ['organisation', 'systems', 'orgLife', 'venue', 'workflow'] as const;

const branches = UNITS.map((u, i) => ({
  id: `branch-${u}`,
  strength: 10.5 + 8 * rnd(), // mean area score out of 20
  // Pilot branches start the first year; the rest join in the second and third years.
  start: i < 6 ? 2023 : i < 15 ? 2024 : 2025,
  members: Array.from({ length: 8 + Math.floor(15 * rnd()) }, (_, k) => ({ id: `${u}-m${String(k + 1).padStart(2, '0')}`, talent: 6 * gauss() })),
}));

const periods = [];
for (const year of [2023, 2024, 2025]) {
  const subjects: Record<string, unknown>[] = [];
  for (const b of branches) {
    if (year >= b.start) b.strength = Math.min(19.5, b.strength + 0.8 + 0.6 * gauss());
    subjects.push({ id: b.id, kind: 'branch', standards: Object.fromEntries(AREAS.map((a) => [a, within(b.strength + 1.8 * gauss(), 20)])) });
    for (const m of b.members) {
      if (rnd() < 0.03) continue; // transferred out for the year
      const base = 58 + 1.6 * b.strength + m.talent;
      subjects.push({
        id: m.id,
        kind: 'member',
        branch: b.id,
        assessments: {
          daily: within(base + 5 * gauss(), 100),
          review: within(base + 2 + 4 * gauss(), 100),
          organisation: within(base + 3 * gauss(), 100),
          self: within(base + 8 + 3 * gauss(), 100),
        },
      });
    }
  }
  periods.push({ period: String(year), subjects });
}

process.stdout.write(JSON.stringify({ periods }) + '\n');
