import * as fs from 'fs';
import * as path from 'path';
import { validatePack } from '../validate/validate';
import type { Pack } from '../types';
import { checkValueLabels, nameDomain, needsLabels } from './domain';

const ROOT = path.join(__dirname, '../../../../rule-packs');
const packFiles = fs
  .readdirSync(ROOT)
  .filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory())
  .flatMap((d) => fs.readdirSync(path.join(ROOT, d)).filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f)).map((f) => path.join(d, f)));
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8')) as Pack;

describe('value labels of the seed packs', () => {
  it('finds every seed pack (13 versions at the start, more as packs get new versions)', () => {
    expect(packFiles.length).toBeGreaterThanOrEqual(13);
    expect(new Set(packFiles.map((f) => f.split(/[\\/]/)[0])).size).toBe(14);
  });

  it.each(packFiles)('%s labels every value of every output whose values are words, in both languages', (f) => {
    const pack = load(f);
    const missing: string[] = [];
    for (const out of pack.outputs) {
      for (const v of needsLabels(pack, out) ?? []) {
        const l = pack.valueLabels?.[out]?.[String(v)];
        if (!l || !l['zh-CN'] || !l.en) missing.push(`${out}=${String(v)}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checkValueLabels(pack)).toEqual([]);
  });

  it('reads the values of an output off the pack', () => {
    const yongxi = load('yongxi-red-flag/2.0.0.json');
    expect(nameDomain(yongxi, 'penalty')).toEqual({ values: ['statement', 'lose-eligibility', 'accountability', 'none'], open: false });
    expect(nameDomain(yongxi, 'total').open).toBe(true);
    const ouhai = load('ouhai-commendation/1.0.0.json');
    expect(nameDomain(ouhai, 'quotaBlocked').values).toEqual(['collective', 'level1', 'committee', null]);
    const central = load('central-upgrade-classification/1.0.0.json');
    expect(needsLabels(central, 'level')).toEqual(['advanced', 'backward', 'general']);
    expect(needsLabels(central, 'movement')).toEqual(['up', 'down', 'same', 'new']);
  });

  it('reports a label of an unknown output and of a value the output never takes, by pointer', () => {
    const pack = load('yongxi-red-flag/2.0.0.json');
    pack.valueLabels = { ...pack.valueLabels, nope: {}, penalty: { ...pack.valueLabels!.penalty, warning: { 'zh-CN': '警告', en: 'Warning' } } };
    expect(validatePack(pack).map((e) => [e.kind, e.path])).toEqual([
      ['UnknownValue', '/valueLabels/penalty/warning'],
      ['UnknownOutput', '/valueLabels/nope'],
    ]);
  });

  it('refuses a label that is not bilingual (schema)', () => {
    const pack = load('yongxi-red-flag/2.0.0.json') as unknown as { valueLabels: Record<string, Record<string, unknown>> };
    pack.valueLabels.redFlag.true = { 'zh-CN': '是' };
    expect(validatePack(pack).map((e) => e.path)).toContain('/valueLabels/redFlag/true/en');
  });
});
