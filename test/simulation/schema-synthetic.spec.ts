import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compilePack, evaluate, validateEnvelope, validatePack, type Pack } from '../../server/src/engine';
import { SyntheticGenerator } from '../../server/src/datasets/synthetic';
import { schemaPeriods } from '../../server/src/datasets/schema-synthetic';
import { minimalPack } from './mini-pack';
import { loadPack, ROOT } from './support';

/** Every version of every seed pack (13), generated with their demo data ignored: the schema-only path. */
const SEEDS = readdirSync(join(ROOT, 'rule-packs'))
  .filter((d) => !d.includes('.'))
  .flatMap((id) =>
    readdirSync(join(ROOT, 'rule-packs', id))
      .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
      .map((f) => [id, f.replace(/\.json$/, '')] as const),
  );

const count = (env: { periods: { subjects: unknown[] }[] }) => env.periods.reduce((n, p) => n + p.subjects.length, 0);

describe('synthetic data from the input schema alone', () => {
  it('covers every seed pack version (13 or more)', () => expect(SEEDS.length).toBeGreaterThanOrEqual(13));

  it.each(SEEDS)('%s@%s: 1500 subjects generated without demo data pass the engine validation', (id, version) => {
    const pack = loadPack(id, version);
    const env = new SyntheticGenerator(pack, null, { n: 1500, seed: 7 }).envelope();
    expect(count(env)).toBe(1500);
    expect(validateEnvelope(compilePack(pack), env)).toEqual([]);
  });

  it('takes the periods from the pack\'s period kind: three in a row when history rules read earlier periods', () => {
    expect(schemaPeriods(loadPack('rehab-member-stars'))).toEqual(['2026']);
    expect(schemaPeriods(loadPack('rehab-branch-stars'))).toEqual(['2026', '2027', '2028']);
    expect(schemaPeriods(loadPack('chengzhuang-checklist-steps'))).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(schemaPeriods(loadPack('yongxi-red-flag', '1.0.0'))).toEqual(['2026-B1', '2026-B2', '2026-B3']);
    expect(schemaPeriods(minimalPack({ type: 'object', properties: {} }, 'quarter'))).toEqual(['2026-Q1']);
  });

  it('is deterministic by seed, with ids S0001… the same in every period', () => {
    const pack = loadPack('rehab-branch-stars');
    const g = new SyntheticGenerator(pack, null, { n: 900, seed: 5 });
    expect(new SyntheticGenerator(pack, null, { n: 900, seed: 5 }).envelope()).toEqual(g.envelope());
    expect(new SyntheticGenerator(pack, null, { n: 900, seed: 6 }).subject(1, 10)).not.toEqual(g.subject(1, 10));
    expect([...g.period(2, 0, 100).subjects, ...g.period(2, 100).subjects]).toEqual(g.period(2).subjects);
    expect(g.period(0).subjects.slice(0, 3).map((s) => s.id)).toEqual(['S0001', 'S0002', 'S0003']);
    expect(g.period(0).subjects.map((s) => s.id)).toEqual(g.period(2).subjects.map((s) => s.id));
    expect(JSON.parse([...g.json()].join(''))).toEqual(g.envelope());
  });

  it('rehab-member-stars: every star grade 0–5 gets at least 5% of 5000 subjects, and the veto flags are rare', () => {
    const pack = loadPack('rehab-member-stars');
    const env = new SyntheticGenerator(pack, null, { n: 5000, seed: 11 }).envelope();
    const stars = new Map<unknown, number>();
    for (const p of evaluate(compilePack(pack), env).periods) for (const r of p.results) stars.set(r.outputs.stars, (stars.get(r.outputs.stars) ?? 0) + 1);
    expect([...stars.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const [grade, n] of stars) expect([grade, n / 5000 >= 0.05]).toEqual([grade, true]);
    const subjects = env.periods[0].subjects as any[];
    const share = (f: (s: any) => boolean) => subjects.filter(f).length / subjects.length;
    expect(share((s) => s.majorIncident)).toBeGreaterThan(0.02);
    expect(share((s) => s.majorIncident)).toBeLessThan(0.08);
    // The veto "satisfaction ≤ satisfactionVeto" is read as a threshold: most subjects are drawn above it.
    expect(share((s) => s.satisfaction <= (pack.parameters.satisfactionVeto.value as number))).toBeLessThan(0.08);
    // Rater rows: 3–8 peers by default, each a full row of the five items.
    expect(new Set(subjects.map((s) => s.peers.length))).toEqual(new Set([3, 4, 5, 6, 7, 8]));
  });

  it('spreads a sum across its whole range instead of piling it at the mean', () => {
    const fields = ['org', 'edu', 'service', 'integrity'];
    const pack = minimalPack(
      { type: 'object', required: fields, properties: Object.fromEntries(fields.map((f) => [f, { type: 'number', minimum: 0, maximum: 25 }])) },
      'year',
      { '+': fields.map((f) => ({ var: f })) },
    );
    const env = new SyntheticGenerator(pack, null, { n: 4000, seed: 2 }).envelope();
    const totals = evaluate(compilePack(pack), env).periods[0].results.map((r) => r.outputs.total as number);
    const within = (a: number, b: number) => totals.filter((x) => x >= a && x < b).length / totals.length;
    // Bands 70/80/90 of the village scheme in issue 13 all get subjects, and so does "below 70".
    expect(within(0, 70)).toBeGreaterThan(0.3);
    expect(within(70, 80)).toBeGreaterThan(0.08);
    expect(within(80, 90)).toBeGreaterThan(0.08);
    expect(within(90, 101)).toBeGreaterThan(0.15);
  });

  it('ouhai-commendation: every subject names a generated scope, and individual awards carry their level', () => {
    const pack = loadPack('ouhai-commendation');
    const g = new SyntheticGenerator(pack, null, { n: 600, seed: 4 });
    const p = g.period(0);
    expect(Object.keys(p.scopes!)).toEqual(['G01', 'G02', 'G03', 'G04', 'G05', 'G06']);
    for (const s of p.subjects as any[]) {
      expect(p.scopes![s.committee]).toBeDefined();
      if (s.kind === 'individual') expect([1, 2, 3]).toContain(s.level);
      expect(s.date).toMatch(/^2026-\d\d-\d\d$/);
    }
  });

  it('property: random small schemas (numbers, integers, enums, flags, rater rows, optional fields) always give valid envelopes', () => {
    const range = fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 60 })).map(([lo, w]) => ({ minimum: lo, maximum: lo + w }));
    const leaf = fc.oneof(
      range.map((r) => ({ type: 'number', ...r })),
      range.map((r) => ({ type: 'integer', ...r })),
      fc.record({ type: fc.constant('integer'), minimum: fc.integer({ min: 0, max: 5 }) }),
      fc.constant({ type: 'number' }),
      fc.constant({ type: 'boolean' }),
      fc.uniqueArray(fc.oneof(fc.constantFrom('a', 'b', 'village', '行政村'), fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 4 }).map((e) => ({ enum: e })),
      fc.constant({ type: 'string', minLength: 1 }),
    );
    const fieldsOf = (item: fc.Arbitrary<Record<string, unknown>>) =>
      fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), item, fc.boolean()), { minLength: 1, maxLength: 5, selector: (t) => t[0] });
    const object = (item: fc.Arbitrary<Record<string, unknown>>) =>
      fieldsOf(item).map((fs) => ({ type: 'object', additionalProperties: false, required: fs.filter((f) => f[2]).map((f) => f[0]), properties: Object.fromEntries(fs.map((f) => [f[0], f[1]])) }));
    const rows = fc
      .tuple(object(leaf), fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }))
      .map(([items, a, b]) => ({ type: 'array', items, ...(a !== undefined ? { minItems: a } : {}), ...(a !== undefined && b !== undefined ? { maxItems: a + b } : {}) }));
    const schema = object(fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 1, arbitrary: rows }, { weight: 1, arbitrary: object(leaf) }));
    fc.assert(
      fc.property(schema, fc.constantFrom<Pack['period']>('year', 'quarter', 'bimonth'), fc.integer({ min: 0, max: 1000 }), (input, period, seed) => {
        const pack = minimalPack(input, period);
        expect(validatePack(pack)).toEqual([]);
        const env = new SyntheticGenerator(pack, null, { n: 40, seed }).envelope();
        expect(count(env)).toBe(40);
        expect(validateEnvelope(compilePack(pack), env)).toEqual([]);
      }),
      { numRuns: 150, seed: 13 },
    );
  });
});
