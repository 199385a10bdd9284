import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, compilePack, runPackTests, validatePack, Pack } from '../../server/src/engine';
import { allPackRefs, loadPackRef, packsDir } from '../../server/src/cli/pack-ref';

const refs = allPackRefs();

describe('every rule pack in rule-packs/', () => {
  it('finds the packs', () => {
    expect(refs.length).toBeGreaterThanOrEqual(2);
  });

  describe.each(refs)('%s', (ref) => {
    const pack = loadPackRef(ref).doc as Pack;

    it('is valid: schema and semantic checks', () => {
      expect(validatePack(pack)).toEqual([]);
    });

    it("passes its own tests and every rule is reached by one", () => {
      const r = runPackTests(pack);
      expect(r.cases.filter((c) => !c.ok)).toEqual([]);
      expect(r.cases.length).toBeGreaterThan(0);
      expect(r.coverage.missed).toEqual([]);
    });

    it('evaluates its demo data', () => {
      const specific = join(packsDir(), pack.id, `demo-${pack.version}.json`);
      const file = existsSync(specific) ? specific : join(packsDir(), pack.id, 'demo.json');
      if (!existsSync(file)) return;
      const env = JSON.parse(readFileSync(file, 'utf8'));
      if (!existsSync(specific) && env.periods?.[0]?.period && !String(env.periods[0].period).match(pack.period === 'year' ? /^\d{4}$/ : pack.period === 'quarter' ? /-Q/ : /-B/)) return;
      const out = evaluate(compilePack(pack), env);
      const subjects = out.periods.reduce((n, p) => n + p.results.length, 0);
      expect(subjects).toBeGreaterThanOrEqual(100);
      for (const p of out.periods) for (const r of p.results) expect(Object.keys(r.outputs)).toEqual(pack.outputs);
    });
  });
});
