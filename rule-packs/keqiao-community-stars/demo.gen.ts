/**
 * Demo data for keqiao-community-stars: about 300 community Party organisations over the three years of
 * the 2010 plan (2010–2012), climbing toward its goal of 80% at 3 stars or more and 20% at 5 stars.
 *   npx tsx rule-packs/keqiao-community-stars/demo.gen.ts > rule-packs/keqiao-community-stars/demo.json
 * Seeded and deterministic: the same command always writes the same file.
 *
 * Each community has a latent standing (0–5). Its record passes every check up to that standing and fails
 * at least one check of the next level (and, by chance, some of the levels above): what an assessor would see.
 */
import { mulberry32 as prng } from '../demo-random';

const rand = prng(20100607);
/** A second stream for the inputs added in 1.1.0, so that every value drawn before stays the same. */
const extra = prng(20101016);
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
const between = (lo: number, hi: number) => Math.round((lo + rand() * (hi - lo)) * 100) / 100;

type Rec = Record<string, string | number | boolean>;
/** Ways to fail one check of each level (index 0 = 1 star), each a change to a passing record. */
const FAILS: (() => Rec)[][] = [
  [
    () => ({ teamsComplete: false }), () => ({ systemsImplemented: false }), () => ({ supervisionCommittee: false }),
    () => ({ cadreViolations: 1 }), () => ({ monthlyDisclosure: false }), () => ({ civilizedLevel: 'none' }),
    () => ({ cultureGrade: 0 }), () => ({ hygieneLevel: 'none' }), () => ({ homicides: 1 }),
    () => ({ disputeMediationRate: between(0.9, 0.99) }), () => ({ disputeSuccessRate: between(0.85, 0.94) }),
    () => ({ fiveOnesImplemented: false }), () => ({ govStation: 'none' }),
  ],
  [() => ({ selfGovernance: false }), () => ({ disclosureArchives: false }), () => ({ integrityMeasures: false }), () => ({ cultureGrade: 3 })],
  [
    () => ({ coreRole: false }), () => ({ memberFacilities: false }), () => ({ convenienceServices: false }), () => ({ integrityCulture: false }),
    () => ({ hygieneLevel: 'county' }), () => ({ majorCases: 1 }), () => ({ safetyDeaths: 1, safetyAccidents: 1 }),
    () => ({ seriousInjuries: pick([2, 3]), safetyAccidents: 1 }), () => ({ collectivePetitionsTo: 'province' }),
    () => ({ beijingPetitions: 1 }), () => ({ govStation: 'standard' }),
  ],
  [
    () => ({ learningOrg: false }), () => ({ countyNewspaper: false }), () => ({ cadreProfile: false }), () => ({ civilizedLevel: 'county' }),
    () => ({ cultureGrade: 2 }), () => ({ safetyAccidents: pick([1, 1, 2]) }), () => ({ disputeSuccessRate: between(0.95, 0.99) }),
    () => ({ collectivePetitionsTo: 'city' }),
  ],
  [
    () => ({ harmoniousCommunity: false }), () => ({ integrityDemo: false }), () => ({ civilizedLevel: 'city' }),
    () => ({ hygieneLevel: 'city' }), () => ({ viceIncidents: 1 }), () => ({ collectivePetitionsTo: 'county' }),
  ],
];

/** A record that passes every level. */
function model(): Rec {
  return {
    civilizedLevel: rand() < 0.8 ? 'province' : 'national', hygieneLevel: rand() < 0.85 ? 'province' : 'national', cultureGrade: 1,
    collectivePetitionsTo: 'none', govStation: 'county-demo',
    homicides: 0, majorCases: 0, safetyDeaths: 0, seriousInjuries: 0, safetyAccidents: 0, beijingPetitions: 0, cadreViolations: 0, viceIncidents: 0,
    disputeMediationRate: 1, disputeSuccessRate: 1,
    teamsComplete: true, systemsImplemented: true, supervisionCommittee: true, monthlyDisclosure: true, fiveOnesImplemented: true,
    selfGovernance: true, disclosureArchives: true, integrityMeasures: true, coreRole: true, memberFacilities: true,
    convenienceServices: true, integrityCulture: true, learningOrg: true, countyNewspaper: true, cadreProfile: true,
    harmoniousCommunity: true, integrityDemo: true,
    familyPlanningViolation: false, superiorCriticism: false, otherDisqualification: false,
  };
}

/** A record whose checklist holds up to `standing` and fails the next level. */
function record(standing: number): Rec {
  const r = model();
  // Higher levels first, so that a lower level's failing value is the one that stays.
  for (let level = 5; level > standing; level--) {
    if (level === standing + 1 || rand() < 0.4) Object.assign(r, pick(FAILS[level - 1])());
  }
  // Veto cases are rare; family-planning violations rarer than criticism or other grounds.
  const v = rand();
  if (v < 0.008) r.familyPlanningViolation = true;
  else if (v < 0.025) r.superiorCriticism = true;
  else if (v < 0.035) r.otherDisqualification = true;
  // 1.1.0 inputs, consistent with the standing: cases against other cadres only below 2 stars, teams missing only at 0.
  r.communityCadreViolations = (r.cadreViolations as number) + (standing < 2 && extra() < 0.3 ? 1 : 0);
  r.jointDefenceTeams = standing > 0 || extra() < 0.6;
  return r;
}

// 2010 standing: most communities at 2–3 stars, a few at the top; each year some climb and a few slip.
const START = [0.03, 0.09, 0.22, 0.38, 0.18, 0.1];
const draw = () => {
  let x = rand();
  for (let s = 0; s < START.length; s++) if ((x -= START[s]) < 0) return s;
  return 5;
};
let communities = Array.from({ length: 296 }, (_, i) => ({ id: `sq${String(i + 1).padStart(3, '0')}`, standing: draw() }));
const periods = [];
for (const period of ['2010', '2011', '2012']) {
  periods.push({ period, subjects: communities.map((c) => ({ id: c.id, ...record(c.standing) })) });
  communities = communities.map((c) => {
    const r = rand();
    const standing = r < 0.5 ? Math.min(5, c.standing + 1) : r < 0.55 ? Math.max(0, c.standing - 1) : c.standing;
    return { ...c, standing };
  });
  // New communities are set up as the town grows.
  for (let k = 0; k < 3; k++) communities.push({ id: `sq${String(communities.length + 1).padStart(3, '0')}`, standing: pick([1, 2, 2, 3]) });
}

// One subject per line keeps the file readable and its diffs small.
const lines = periods.map((p) => `    { "period": ${JSON.stringify(p.period)}, "subjects": [\n${p.subjects.map((s) => `      ${JSON.stringify(s)}`).join(',\n')}\n    ] }`);
process.stdout.write(`{\n  "periods": [\n${lines.join(',\n')}\n  ]\n}\n`);
