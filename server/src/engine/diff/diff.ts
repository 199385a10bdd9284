import type { Pack, Rule } from '../types';
import { canonicalJson } from '../canonical';

export interface PackDiff {
  from: { id: string; version: string };
  to: { id: string; version: string };
  /** Pack-level fields that changed (period, input schema, outputs …); version and tests are not rules. */
  meta: { field: string; from: unknown; to: unknown }[];
  parameters: { name: string; change: 'added' | 'removed' | 'changed'; from?: unknown; to?: unknown }[];
  rules: {
    added: string[];
    removed: string[];
    changed: { name: string; fields: string[] }[];
  };
  summary: { added: string[]; removed: string[]; changed: string[] };
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const IGNORED = new Set(['$schema', 'id', 'version', 'tests', 'rules', 'parameters', 'summary']);

/** A semantic diff: parameters old → new, rules added, removed or changed, and pack-level changes. */
export function diffPacks(a: Pack, b: Pack): PackDiff {
  const meta: PackDiff['meta'] = [];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !IGNORED.has(k)).sort();
  for (const k of keys) {
    const x = (a as any)[k];
    const y = (b as any)[k];
    if (!same(x, y)) meta.push({ field: k, from: x ?? null, to: y ?? null });
  }
  const parameters: PackDiff['parameters'] = [];
  const pa = a.parameters ?? {};
  const pb = b.parameters ?? {};
  for (const name of [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort()) {
    if (!(name in pb)) parameters.push({ name, change: 'removed', from: pa[name].value });
    else if (!(name in pa)) parameters.push({ name, change: 'added', to: pb[name].value });
    else if (!same(pa[name], pb[name])) parameters.push({ name, change: 'changed', from: pa[name].value, to: pb[name].value });
  }
  const byName = (rs: Rule[]) => new Map(rs.map((r) => [r.name, r]));
  const ra = byName(a.rules ?? []);
  const rb = byName(b.rules ?? []);
  const rules: PackDiff['rules'] = { added: [], removed: [], changed: [] };
  for (const [name, r] of ra) {
    const s = rb.get(name);
    if (!s) rules.removed.push(name);
    else if (!same(r, s)) {
      const fields = [...new Set([...Object.keys(r), ...Object.keys(s)])].filter((f) => !same((r as any)[f], (s as any)[f])).sort();
      rules.changed.push({ name, fields });
    }
  }
  for (const name of rb.keys()) if (!ra.has(name)) rules.added.push(name);
  const sa = new Map((a.summary ?? []).map((s) => [s.name, s]));
  const sb = new Map((b.summary ?? []).map((s) => [s.name, s]));
  const summary: PackDiff['summary'] = { added: [], removed: [], changed: [] };
  for (const [n, s] of sa) {
    if (!sb.has(n)) summary.removed.push(n);
    else if (!same(s, sb.get(n))) summary.changed.push(n);
  }
  for (const n of sb.keys()) if (!sa.has(n)) summary.added.push(n);
  return { from: { id: a.id, version: a.version }, to: { id: b.id, version: b.version }, meta, parameters, rules, summary };
}

/** The diff as lines a reviewer reads. */
export function formatDiff(d: PackDiff): string[] {
  const v = (x: unknown) => JSON.stringify(x);
  const lines = [`${d.from.id}@${d.from.version} → ${d.to.id}@${d.to.version}`];
  for (const m of d.meta) lines.push(`  ${m.field}: ${typeof m.from === 'object' ? '(changed)' : `${v(m.from)} → ${v(m.to)}`}`);
  for (const p of d.parameters) {
    if (p.change === 'changed') lines.push(`  parameter ${p.name}: ${v(p.from)} → ${v(p.to)}`);
    else if (p.change === 'added') lines.push(`  parameter ${p.name} added: ${v(p.to)}`);
    else lines.push(`  parameter ${p.name} removed (was ${v(p.from)})`);
  }
  for (const r of d.rules.added) lines.push(`  rule ${r} added`);
  for (const r of d.rules.removed) lines.push(`  rule ${r} removed`);
  for (const r of d.rules.changed) lines.push(`  rule ${r.name} changed: ${r.fields.join(', ')}`);
  for (const s of d.summary.added) lines.push(`  summary ${s} added`);
  for (const s of d.summary.removed) lines.push(`  summary ${s} removed`);
  for (const s of d.summary.changed) lines.push(`  summary ${s} changed`);
  if (lines.length === 1) lines.push('  no semantic changes');
  return lines;
}
