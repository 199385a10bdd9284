import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { compilePack, validateEnvelope, type Envelope, type Pack } from '../../server/src/engine';
import { prepare, simulate, simulateColumnar, type SimulationPlan, type SimulationResult, type VariantSpec } from '../../server/src/engine/simulate';
import { decodeTable, encodeTable, tableBytes } from '../../server/src/engine/simulate/columns';
import { RowPool, toColumnUnit } from '../../server/src/engine/simulate/columnar';
import { SyntheticGenerator } from '../../server/src/datasets/synthetic';
import { SimulationPool } from '../../server/src/simulations/pool/pool';

/**
 * The columnar simulation (datasets held as typed-array columns, rows refilled in place, each side's outputs
 * as columns, the diff read from the columns) against the row simulation (run.ts simulate(): one object per
 * subject): the same result to the last figure — counts, exact sums, transitions, changed lists, breakdowns.
 */
jest.setTimeout(600_000);

const ROOT = join(__dirname, '..', '..', 'rule-packs');
const PACKS = readdirSync(ROOT).filter((id) => existsSync(join(ROOT, id, 'demo.json')));
const demoOf = (id: string): Envelope => JSON.parse(readFileSync(join(ROOT, id, 'demo.json'), 'utf8'));

/** The newest version of the pack whose input the demo data passes (yongxi's demo.json is 2.0.0's). */
function packFor(id: string, env: Envelope): Pack {
  const versions = readdirSync(join(ROOT, id))
    .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  for (const f of versions) {
    const pack: Pack = JSON.parse(readFileSync(join(ROOT, id, f), 'utf8'));
    if (validateEnvelope(compilePack(pack), env).length === 0) return pack;
  }
  throw new Error(`no version of ${id} accepts its demo data`);
}

/** Parameter changes that compile: each numeric parameter (or array element) nudged up and down. */
function nudges(pack: Pack): VariantSpec[] {
  const out: VariantSpec[] = [];
  const tryOne = (name: string, value: unknown) => {
    const v: VariantSpec = { name: `${name}=${JSON.stringify(value)}`, parameters: { [name]: value } };
    try {
      prepare({ baseline: { pack }, variants: [v] });
      out.push(v);
    } catch {
      /* out of range or not increasing: not a variant */
    }
  };
  for (const [name, p] of Object.entries(pack.parameters ?? {})) {
    const value = (p as { value: unknown }).value;
    if (typeof value === 'number') {
      for (const f of [0.9, 1.1]) tryOne(name, Number((value * f).toFixed(4)));
      for (const d of [-1, 1]) tryOne(name, value + d);
    } else if (Array.isArray(value) && value.every((x) => typeof x === 'number')) {
      value.forEach((x, i) => [-2, 2].forEach((d) => tryOne(name, value.map((y, j) => (j === i ? (x as number) + d : y)))));
    }
  }
  return out;
}

/** Runs the row simulation over the candidates and keeps up to three that change something (or one that compiles). */
function variantsFor(pack: Pack, env: Envelope): { plan: SimulationPlan; row: SimulationResult } {
  const cands = nudges(pack);
  const chosen: VariantSpec[] = [];
  for (const v of cands) {
    if (chosen.length >= 3) break;
    const r = simulate({ baseline: { pack }, variants: [v], options: { maxChanged: 5 } }, env);
    if (r.variants[0].changedCount > 0) chosen.push(v);
  }
  if (!chosen.length && cands.length) chosen.push(cands[0]);
  const plan: SimulationPlan = { baseline: { pack }, variants: chosen, options: { maxChanged: 40 } };
  return { plan, row: simulate(plan, env) };
}

describe('columnar simulation equals the row simulation', () => {
  const changedPacks: string[] = [];
  afterAll(() => {
    // The comparison is not vacuous: on almost every pack some variant changes subjects.
    expect(changedPacks.length).toBeGreaterThanOrEqual(PACKS.length - 2);
  });

  it.each(PACKS)('%s: every period of the demo data encodes and comes back exactly', (id) => {
    const env = demoOf(id);
    const pool = new RowPool();
    for (const per of env.periods) {
      const t = encodeTable(per.subjects);
      expect(tableBytes(t)).toBeGreaterThan(0);
      expect(isDeepStrictEqual(decodeTable(t), per.subjects)).toBe(true);
    }
    // Refilled in place, periods one after the other in the same pooled rows (different lengths, arrays resized).
    const units = env.periods.map((per, i) => toColumnUnit({ periods: [per], periodIndex: [i], subjectIndex: [per.subjects.map((_, j) => j)] }));
    for (const round of [0, 1]) {
      units.forEach((u, i) => {
        const k = round ? units.length - 1 - i : i;
        expect(isDeepStrictEqual(pool.fill(units[k])[0].subjects, env.periods[k].subjects)).toBe(true);
      });
    }
  });

  it.each(PACKS)('%s: demo data, baseline + variants + diff, in units of 50 and in the default units', (id) => {
    const env = demoOf(id);
    const pack = packFor(id, env);
    const { plan, row } = variantsFor(pack, env);
    if (row.variants.some((v) => v.changedCount > 0)) changedPacks.push(id);
    expect(simulateColumnar(plan, env, 50)).toEqual(row);
    expect(simulateColumnar(plan, env)).toEqual(row);
  });

  it('odd values: null, absent keys, -0, mixed kinds, unicode ids, nested arrays, "__proto__" keys', () => {
    const rows = [
      { id: '甲-1', a: 1, b: null, c: 'x', d: [1, [2, 3]], e: { f: -0 }, g: true },
      { id: 'b\u00e9', a: 1.5, c: 2, d: [], e: { f: 1e300, h: 'y' }, g: false, ['__proto__']: 5 },
      { id: 'c', a: -3, b: 'n', c: null, d: [null, { x: 1 }], e: {}, g: null },
      JSON.parse('{"id":"d","a":0.1,"__proto__":{"z":1},"g":true}'),
      { id: 'e', a: 2 ** 40, b: undefined, d: [0.3, -0], e: { f: 'z' }, g: true },
    ];
    const t = encodeTable(rows);
    const back = decodeTable(t);
    expect(isDeepStrictEqual(back, rows)).toBe(true);
    expect(back.map((r) => Object.keys(r))).toEqual(rows.map((r) => Object.keys(r)));
    expect(Object.is((back[0].e as { f: number }).f, -0)).toBe(true);
    expect(Object.getPrototypeOf(back[3])).toBe(Object.prototype);
    const pool = new RowPool();
    const u = toColumnUnit({ periods: [{ period: '2024', subjects: rows }], periodIndex: [0], subjectIndex: [[0, 1, 2, 3, 4]] });
    const u2 = toColumnUnit({ periods: [{ period: '2024', subjects: [...rows].reverse() }], periodIndex: [0], subjectIndex: [[0, 1, 2, 3, 4]] });
    expect(isDeepStrictEqual(pool.fill(u)[0].subjects, rows)).toBe(true);
    expect(isDeepStrictEqual(pool.fill(u2)[0].subjects, [...rows].reverse())).toBe(true);
    expect(isDeepStrictEqual(pool.fill(u)[0].subjects, rows)).toBe(true);
  });

  it('refilled rows: keys in order, plain prototypes, arrays of objects shrinking and growing, layouts changing between units', () => {
    const row = (i: number, scale: number) => ({
      id: `s${i}`,
      '2': i % 3 === 0,
      branch: { politics: (10 + i) / scale, duty: 12 },
      peers: Array.from({ length: (i * 7) % 5 }, (_, k) => ({ politics: (k + i) / scale, duty: k + 0.25, note: `n${k}` })),
      tags: Array.from({ length: i % 3 }, (_, k) => k / scale),
      satisfaction: i / 100,
    });
    const a = Array.from({ length: 40 }, (_, i) => row(i, 1));
    const b = Array.from({ length: 33 }, (_, i) => row(i + 3, 10));
    const c = a.map((r) => ({ ...r, branch: { ...r.branch, politics: String(r.branch.politics) } }));
    const unit = (subjects: typeof a | typeof c) => toColumnUnit({ periods: [{ period: '2024', subjects }], periodIndex: [0], subjectIndex: [subjects.map((_, j) => j)] });
    const pool = new RowPool();
    const keysDeep = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(keysDeep) : v && typeof v === 'object' ? Object.entries(v).map(([k, x]) => [k, keysDeep(x)]) : typeof v;
    for (const rows of [a, b, a, c, b, a]) {
      const back = pool.fill(unit(rows))[0].subjects;
      expect(isDeepStrictEqual(back, rows)).toBe(true);
      expect(keysDeep(back)).toEqual(keysDeep(rows));
      for (const r of back) {
        expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
        expect(Object.getPrototypeOf(r.branch)).toBe(Object.prototype);
        for (const p of r.peers as object[]) expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
      }
    }
  });

  describe('100,000 generated subjects', () => {
    const pack = packFor('rehab-member-stars', demoOf('rehab-member-stars'));
    const demo = demoOf('rehab-member-stars');
    const spec = { n: 100_000, seed: 17 };
    const plan: SimulationPlan = {
      baseline: { pack },
      variants: [
        { name: 'four stars from 88', parameters: { starBands: [60, 70, 80, 88, 96] } },
        { name: 'veto below 0.9', parameters: { satisfactionVeto: 0.9 } },
      ],
      options: { maxChanged: 200 },
    };
    let env: Envelope;
    let row: SimulationResult;
    beforeAll(() => {
      env = new SyntheticGenerator(pack, demo, spec).envelope();
      row = simulate(plan, env);
    });

    it('in this thread', () => {
      expect(row.baseline.subjects).toBe(100_000);
      expect(row.variants[0].changedCount).toBeGreaterThan(1000);
      expect(row.variants[1].changedCount).toBeGreaterThan(1000);
      expect(simulateColumnar(plan, env)).toEqual(row);
    });

    it('in the simulation workers (generated there, held as columns)', async () => {
      const pool = new SimulationPool(2);
      try {
        const loaded = await pool.load({ kind: 'synthetic', pack, demo, spec }, [pack]);
        expect(loaded).toMatchObject({ subjects: 100_000, mode: 'subjects' });
        expect(await pool.run(plan)).toEqual(row);
        // The envelope path (the API's datasets): rows posted, encoded in the workers.
        await pool.load({ kind: 'envelope', envelope: env, validated: true }, [pack]);
        expect(await pool.run(plan)).toEqual(row);
      } finally {
        await pool.close();
      }
    });

    it('a history pack, 30,000 subject-periods in id buckets (rehab-branch-stars, 3 periods)', () => {
      const hpack = packFor('rehab-branch-stars', demoOf('rehab-branch-stars'));
      const henv = new SyntheticGenerator(hpack, demoOf('rehab-branch-stars'), { n: 30_000, seed: 5 }).envelope();
      const hplan: SimulationPlan = { baseline: { pack: hpack }, variants: [{ name: 'v', parameters: { starBands: [60, 70, 80, 86, 96] } }], options: { maxChanged: 100 } };
      const hrow = simulate(hplan, henv);
      expect(hrow.variants[0].changedCount).toBeGreaterThan(100);
      expect(simulateColumnar(hplan, henv)).toEqual(hrow);
      // With a sweep (more sides than are kept at once: each side's outputs go through output columns).
      const splan: SimulationPlan = { ...hplan, sweep: { parameter: 'starBands.3', from: 84, to: 92, step: 1 } };
      const srow = simulate(splan, henv);
      expect(srow.sweep.length).toBe(9);
      expect(simulateColumnar(splan, henv)).toEqual(srow);
    });
  });
});
