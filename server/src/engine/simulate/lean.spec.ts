import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePack, evaluate } from '..';
import type { Envelope, Pack } from '../types';
import { evaluateRows } from './lean';

const root = join(__dirname, '..', '..', '..', '..', 'rule-packs');
const newest = (id: string) =>
  readdirSync(join(root, id))
    .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .pop()!;
const packs = readdirSync(root).filter((d) => existsSync(join(root, d, 'demo.json')));

describe(evaluateRows.name, () => {
  it.each(packs)('%s: gives every output evaluate() gives, subject by subject', (id) => {
    const pack: Pack = JSON.parse(readFileSync(join(root, id, newest(id)), 'utf8'));
    const env: Envelope = JSON.parse(readFileSync(join(root, id, 'demo.json'), 'utf8'));
    const c = compilePack(pack);
    const state: Record<string, Record<string, unknown>> = {};
    const full = evaluate(c, env, { state });
    const lean = evaluateRows(c, env, true);
    full.periods.forEach((p, i) => {
      expect(lean.periods[i]).toHaveLength(p.results.length);
      p.results.forEach((r, j) => {
        for (const o of pack.outputs) expect([r.id, o, lean.periods[i][j][o]]).toEqual([r.id, o, r.outputs[o]]);
      });
      expect(lean.quota[i]).toEqual(state[p.period].quotaRefusals);
    });
  });
});
