/**
 * Every seed pack's demo data, explained in Chinese and English: no sentence may contain JSON, true/false,
 * undefined, NaN, an English rule name in the Chinese text, or an empty slot.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compilePack } from '../compile/pack';
import { evaluate } from '../evaluate/evaluate';
import type { Envelope, Pack } from '../types';
import { explainSubject } from './explain';

const ROOT = path.join(__dirname, '../../../../rule-packs');

/** Each pack version with its demo data: demo-<version>.json when there is one, else demo.json for the latest version. */
function cases(): [string, string][] {
  const out: [string, string][] = [];
  for (const d of fs.readdirSync(ROOT).sort()) {
    const dir = path.join(ROOT, d);
    if (!fs.statSync(dir).isDirectory()) continue;
    const versions = fs.readdirSync(dir).filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f)).sort();
    versions.forEach((v, i) => {
      const own = path.join(dir, `demo-${v}`);
      const demo = fs.existsSync(own) ? own : i === versions.length - 1 ? path.join(dir, 'demo.json') : null;
      if (demo && fs.existsSync(demo)) out.push([path.join(d, v), demo]);
    });
  }
  return out;
}

/** What must never appear in an explanation: code, raw booleans, holes. */
export function badParts(text: string, locale: 'zh-CN' | 'en', ruleNames: string[], ids: Set<string>): string[] {
  const bad: string[] = [];
  let t = text;
  // subject ids and scope keys are data the official typed, not code: take them out before looking for English
  for (const id of ids) if (id.length > 1) t = t.split(id).join('#');
  if (/[{}]|\["/.test(t)) bad.push('JSON');
  if (/\btrue\b|\bfalse\b/.test(t)) bad.push('true/false');
  if (/undefined|NaN|null|\[object/.test(t)) bad.push('undefined/NaN/null');
  if (/（\s*）|\(\s*\)|为，|为。|：，|：。|，，|。，|^，|  |\s[，。；]/.test(t)) bad.push('empty slot');
  if (!t.trim()) bad.push('empty');
  if (locale === 'zh-CN') {
    const body = t.split('依据：')[0];
    for (const n of ruleNames) if (new RegExp(`(^|[^A-Za-z0-9_])${n}($|[^A-Za-z0-9_])`).test(body)) bad.push(`rule name ${n}`);
    if (!/[\u3400-\u9fff]/.test(body)) bad.push('no Chinese');
  }
  return bad;
}

describe('explanations of every seed pack’s demo data', () => {
  const list = cases();

  it('walks every seed pack: its latest version on demo.json, older ones on their demo-<version>.json', () => {
    expect(new Set(list.map(([p]) => p.split(/[\\/]/)[0])).size).toBe(14);
    expect(list.length).toBeGreaterThanOrEqual(13);
  });

  it.each(list)('%s: every sentence is plain words', (ref, demo) => {
    const pack = JSON.parse(fs.readFileSync(path.join(ROOT, ref), 'utf8')) as Pack;
    const input = JSON.parse(fs.readFileSync(demo, 'utf8')) as Envelope;
    // every period, at most 60 subjects each (the traces of a full demo are large): the first ones and the last ones
    input.periods = input.periods.map((p) => ({ ...p, subjects: p.subjects.length > 60 ? [...p.subjects.slice(0, 30), ...p.subjects.slice(-30)] : p.subjects }));
    const out = evaluate(compilePack(pack), input, { trace: true });
    const names = pack.rules.map((r) => r.name).concat(pack.rules.flatMap((r) => (r.kind === 'quota' ? [r.blockedName] : [])));
    const ids = new Set<string>();
    for (const p of input.periods) {
      for (const s of p.subjects) {
        ids.add(s.id);
      }
      for (const k of Object.keys(p.scopes ?? {})) ids.add(k);
    }
    const problems: string[] = [];
    let sentences = 0;
    for (const p of out.periods) {
      for (const r of p.results) {
        for (const locale of ['zh-CN', 'en'] as const) {
          const ex = explainSubject(pack, r, { locale, period: p.period, peers: p.results });
          expect(Object.keys(ex)).toEqual(pack.outputs.filter((o) => o in r.outputs));
          for (const [o, text] of Object.entries(ex)) {
            sentences++;
            const bad = badParts(text, locale, names, ids);
            if (bad.length && problems.length < 10) problems.push(`${p.period} ${r.id} ${o} [${locale}] ${bad.join(', ')}: ${text}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(sentences).toBeGreaterThan(100);
  });

  it('the checker itself finds what it must', () => {
    const names = ['stars', 'score'];
    expect(badParts('星级：true。', 'zh-CN', names, new Set())).toEqual(['true/false']);
    expect(badParts('{"var":"x"}', 'en', names, new Set())).toEqual(['JSON']);
    expect(badParts('综合得分为，定为 NaN。', 'zh-CN', names, new Set())).toEqual(['undefined/NaN/null', 'empty slot']);
    expect(badParts('score 91.5，定为四星级。', 'zh-CN', names, new Set())).toEqual(['rule name score']);
    expect(badParts('score 91.5 of b1', 'en', names, new Set(['b1']))).toEqual([]);
  });
});
