/**
 * Demo data for yongxi-red-flag: the villages of one township, scored on ten indicators each period.
 *   npx tsx rule-packs/yongxi-red-flag/demo.gen.ts > rule-packs/yongxi-red-flag/demo.json                 (2.0.0, quarters 2022–2025)
 *   npx tsx rule-packs/yongxi-red-flag/demo.gen.ts bimonth > rule-packs/yongxi-red-flag/demo-1.0.0.json   (1.0.0, two-month periods 2019–2021)
 * Seeded and deterministic: the same command always writes the same file.
 */
import { mulberry32 as prng } from '../demo-random';


const kind = process.argv[2] === 'bimonth' ? 'bimonth' : 'quarter';
const rand = prng(kind === 'bimonth' ? 20190101 : 20220101);
const gauss = () => {
  let s = 0;
  for (let i = 0; i < 6; i++) s += rand();
  return (s - 3) / Math.sqrt(0.5);
};
const round1 = (x: number) => Math.round(x * 10) / 10;

const INDICATORS = ['partyBuilding', 'poverty', 'familyPlanning', 'civilAffairs', 'sanitation', 'stability', 'fiscal', 'workSafety', 'stationedCadres', 'officeEnvironment'];
// Villages named in the source essay first (古楼坪 was weak and was rectified; 中屯 and 芽溪 did well), then the others.
const VILLAGES = ['gulouping', 'zhongtun', 'yaxi', 'chayuan', 'dashan', 'fengxiang', 'heping', 'jinping', 'longtan', 'maoping', 'nanshan', 'qingshui', 'shanmu', 'taoyuan', 'xinzhai', 'yangliu'];

// Each village has a level (its mean indicator score), a trend per year, and its own strong and weak indicators.
const profile = VILLAGES.map((id) => ({
  id,
  level: id === 'gulouping' ? 7.9 : id === 'zhongtun' || id === 'yaxi' ? 9.3 : 8.2 + rand() * 1.1,
  trend: id === 'gulouping' ? 0.35 : (rand() - 0.4) * 0.15,
  bias: INDICATORS.map(() => gauss() * 0.35),
}));

const years = kind === 'bimonth' ? [2019, 2020, 2021] : [2022, 2023, 2024, 2025];
const perYear = kind === 'bimonth' ? 6 : 4;
const periods = [];
for (const [yi, year] of years.entries()) {
  for (let k = 1; k <= perYear; k++) {
    const period = `${year}-${kind === 'bimonth' ? 'B' : 'Q'}${k}`;
    const subjects = profile.map((v) => {
      const mood = gauss() * 0.3; // a good or bad period for the whole village
      const scores: Record<string, number> = {};
      INDICATORS.forEach((ind, i) => {
        const x = v.level + v.trend * yi + v.bias[i] + mood + gauss() * 0.35;
        scores[ind] = Math.min(10, Math.max(0, round1(x)));
      });
      return { id: v.id, scores };
    });
    periods.push({ period, subjects });
  }
}

// One subject per line keeps the file readable and its diffs small.
const lines = periods.map((p) => `    { "period": ${JSON.stringify(p.period)}, "subjects": [\n${p.subjects.map((s) => `      ${JSON.stringify(s)}`).join(',\n')}\n    ] }`);
process.stdout.write(`{\n  "periods": [\n${lines.join(',\n')}\n  ]\n}\n`);
