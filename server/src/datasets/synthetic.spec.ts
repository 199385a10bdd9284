import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compilePack, evaluate, validateEnvelope } from '../engine';
import type { Envelope, Pack } from '../engine/types';
import { SyntheticGenerator } from './synthetic';

const root = join(__dirname, '..', '..', '..', 'rule-packs');
const withDemo = readdirSync(root).filter((d) => existsSync(join(root, d, 'demo.json')));
/** The demo data follows the newest version of its pack. */
const newest = (id: string) =>
  readdirSync(join(root, id))
    .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .pop()!;
const load = (id: string) => ({
  pack: JSON.parse(readFileSync(join(root, id, newest(id)), 'utf8')) as Pack,
  demo: JSON.parse(readFileSync(join(root, id, 'demo.json'), 'utf8')) as Envelope,
});

describe(SyntheticGenerator.name, () => {
  it.each(withDemo)('%s: 5000 generated subjects pass the pack validation', (id) => {
    const { pack, demo } = load(id);
    const env = new SyntheticGenerator(pack, demo, { n: 5000, seed: 7 }).envelope();
    expect(env.periods.reduce((n, p) => n + p.subjects.length, 0)).toBe(5000);
    expect(validateEnvelope(compilePack(pack), env)).toEqual([]);
  });

  it('is a pure function of (seed, period, index): slices equal the whole, seeds differ', () => {
    const { pack, demo } = load('rehab-branch-stars');
    const g = new SyntheticGenerator(pack, demo, { n: 3000, seed: 1 });
    const whole = g.period(1);
    expect([...g.period(1, 0, 400).subjects, ...g.period(1, 400).subjects]).toEqual(whole.subjects);
    expect(new SyntheticGenerator(pack, demo, { n: 3000, seed: 1 }).subject(2, 17)).toEqual(g.subject(2, 17));
    expect(new SyntheticGenerator(pack, demo, { n: 3000, seed: 2 }).subject(2, 17)).not.toEqual(g.subject(2, 17));
    expect(JSON.parse([...g.json()].join(''))).toEqual(g.envelope());
  });

  it('keeps the same ids in every period, so history rules see earlier periods', () => {
    const { pack, demo } = load('rehab-branch-stars');
    const g = new SyntheticGenerator(pack, demo, { n: 30, seed: 3 });
    expect(g.periods).toEqual(demo.periods.map((p) => p.period));
    expect(g.period(0).subjects.map((s) => s.id)).toEqual(g.period(2).subjects.map((s) => s.id));
  });

  it('samples each field from the demo values of that field', () => {
    const { pack, demo } = load('rehab-branch-stars');
    const seen = new Set(demo.periods.flatMap((p) => p.subjects.map((s) => s.satisfaction)));
    const env = new SyntheticGenerator(pack, demo, { n: 2000, seed: 5 }).envelope();
    for (const p of env.periods) for (const s of p.subjects) expect(seen.has(s.satisfaction)).toBe(true);
  });

  it.each([
    ['rehab-member-stars', 'stars'],
    ['rehab-branch-stars', 'stars'],
    ['chengzhuang-checklist-steps', 'step'],
  ])('%s: the %s grades spread like the demo\'s (each share within 6 points), not onto the mean', (id, output) => {
    const { pack, demo } = load(id);
    const c = compilePack(pack);
    const shares = (env: Envelope) => {
      const counts = new Map<unknown, number>();
      let n = 0;
      for (const p of evaluate(c, env).periods)
        for (const r of p.results) {
          counts.set(r.outputs[output], (counts.get(r.outputs[output]) ?? 0) + 1);
          n++;
        }
      return new Map([...counts].map(([k, v]) => [k, v / n]));
    };
    const want = shares(demo);
    const got = shares(new SyntheticGenerator(pack, demo, { n: 20_000, seed: 11 }).envelope());
    const off = [...want].filter(([grade, share]) => Math.abs((got.get(grade) ?? 0) - share) > 0.06).map(([grade, share]) => `${String(grade)}: demo ${share.toFixed(3)}, synthetic ${(got.get(grade) ?? 0).toFixed(3)}`);
    expect(off).toEqual([]);
  });
});
