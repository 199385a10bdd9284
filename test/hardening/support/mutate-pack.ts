import type { KpError } from '../../../server/src/engine/errors';
import { ruleSlots } from '../../../server/src/engine/compile/plan';
import type { Pack } from '../../../server/src/engine/types';
import packSchema from '../../../schemas/rule-pack.schema.json';
import { deleteAt, encode, getAt, jsonType, nodes, setAt } from './pointer';

/** One way of breaking a pack; `pick`, `variant` and `value` come from fast-check and choose where and how. */
export const PACK_MUTATIONS = [
  'wrongType',
  'anything',
  'deleteKey',
  'deleteRequired',
  'deepNest',
  'hugeString',
  'hugeKey',
  'unknownOperator',
  'method',
  'forbiddenPath',
  'protoKey',
  'protoName',
  'cycle',
] as const;
export type PackMutation = (typeof PACK_MUTATIONS)[number];

export interface MutationChoice {
  op: PackMutation;
  pick: number;
  variant: number;
  value: unknown;
}

export interface MutatedPack {
  doc: Pack;
  /** Human-readable: what was done where, for failure messages. */
  desc: string;
  /** What validatePack must report for this mutation (null: no expectation beyond the invariants). */
  check: ((errors: KpError[]) => string | null) | null;
}

const TEN_MB = 10 * 1024 * 1024;
export const DEEP = 10_000;
const FORBIDDEN_SEGMENTS = ['__proto__', 'constructor', 'prototype'];
const UNSAFE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const ODD_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 1e308, '', 'x', '2024', [], [null], [1, 'a'], {}, { var: 'x' }, { '+': [] }];

/** A JSON Logic expression nested `depth` levels deep, built without recursion. */
export function deepExpression(depth: number): unknown {
  let e: unknown = { var: 'x' };
  for (let i = 0; i < depth; i++) e = { '+': [e, 1] };
  return e;
}

export function deepArray(depth: number): unknown {
  let e: unknown = [];
  for (let i = 0; i < depth; i++) e = [e];
  return e;
}

const has = (errors: KpError[], kind: string, path: string) =>
  errors.some((e) => e.kind === kind && e.path === path) ? null : `expected ${kind} at ${path || '/'}, got ${summarise(errors)}`;

export const summarise = (errors: KpError[]) => (errors.length ? errors.slice(0, 6).map((e) => `${e.kind} ${e.path || '/'}`).join('; ') + (errors.length > 6 ? ` … (${errors.length})` : '') : 'no error');

/** Every JSON Logic slot of every rule, by pointer. */
function slots(pack: Pack): { at: string; logic: unknown }[] {
  return pack.rules.flatMap((r, i) => (r && typeof r === 'object' ? ruleSlots(r, `/rules/${i}`) : [])).map((s) => ({ at: s.at, logic: s.logic }));
}

function requiredPointers(pack: Pack): string[] {
  const out = (packSchema as { required: string[] }).required.map((k) => `/${k}`);
  out.push('/title/en', '/title/zh-CN', '/source/document', '/subject/kind');
  pack.rules.forEach((_, i) => out.push(`/rules/${i}/kind`, `/rules/${i}/name`));
  for (const k of Object.keys(pack.parameters)) out.push(`/parameters/${encode(k)}/value`, `/parameters/${encode(k)}/label`);
  (pack.tests ?? []).forEach((_, i) => out.push(`/tests/${i}/name`, `/tests/${i}/input`));
  return out;
}

/** Applies one mutation to a fresh copy of `base`. */
export function mutatePack(base: Pack, c: MutationChoice): MutatedPack {
  const doc = JSON.parse(JSON.stringify(base)) as Pack;
  const all = nodes(doc);
  const at = <T>(xs: T[]) => xs[c.pick % xs.length];
  const sl = slots(doc);
  switch (c.op) {
    case 'wrongType': {
      const n = at(all);
      const choices = ODD_VALUES.filter((v) => jsonType(v) !== jsonType(n.value));
      const v = choices[c.variant % choices.length];
      setAt(doc, n.pointer, v);
      return { doc, desc: `${n.pointer} := ${JSON.stringify(v)}`, check: null };
    }
    case 'anything': {
      const n = at(all);
      setAt(doc, n.pointer, c.value);
      return { doc, desc: `${n.pointer} := ${JSON.stringify(c.value)?.slice(0, 80)}`, check: null };
    }
    case 'deleteKey': {
      const n = at(all.filter((x) => x.key !== undefined));
      deleteAt(doc, n.pointer);
      return { doc, desc: `delete ${n.pointer}`, check: null };
    }
    case 'deleteRequired': {
      const p = at(requiredPointers(doc));
      deleteAt(doc, p);
      return { doc, desc: `delete required ${p}`, check: (e) => has(e, 'SchemaViolation', p) };
    }
    case 'deepNest': {
      if (c.variant % 2 === 0) {
        const s = at(sl);
        setAt(doc, s.at, deepExpression(DEEP));
        return { doc, desc: `${s.at} := expression ${DEEP} deep`, check: (e) => (e.some((x) => x.kind === 'ExpressionTooLarge') ? null : `expected ExpressionTooLarge, got ${summarise(e)}`) };
      }
      const n = at(all);
      setAt(doc, n.pointer, deepArray(DEEP));
      return { doc, desc: `${n.pointer} := array ${DEEP} deep`, check: (e) => (e.some((x) => x.kind === 'ExpressionTooLarge') ? null : `expected ExpressionTooLarge, got ${summarise(e)}`) };
    }
    case 'hugeString': {
      const n = at(all.filter((x) => typeof x.value === 'string'));
      setAt(doc, n.pointer, 'x'.repeat(TEN_MB));
      return { doc, desc: `${n.pointer} := 10 MB string`, check: (e) => has(e, 'ExpressionTooLarge', n.pointer) };
    }
    case 'hugeKey': {
      const objects = [{ pointer: '', value: doc as unknown }, ...all].filter((x) => jsonType(x.value) === 'object');
      const n = at(objects);
      const key = 'k'.repeat(TEN_MB);
      setAt(doc, `${n.pointer}/${key}`, 1);
      return { doc, desc: `${n.pointer}/<10 MB key> := 1`, check: (e) => (e.length ? null : 'a 10 MB key was accepted') };
    }
    case 'unknownOperator': {
      const s = at(sl);
      const op = ['frobnicate', 'eval', 'require', 'Function', 'log', 'substr '][c.variant % 6];
      setAt(doc, s.at, { [op]: [s.logic] });
      return { doc, desc: `${s.at} := {"${op}": [...]}`, check: (e) => has(e, op === 'log' ? 'ForbiddenOperator' : 'UnknownOperator', `${s.at}/${encode(op)}`) };
    }
    case 'method': {
      const s = at(sl);
      setAt(doc, s.at, { method: [s.logic, ['toString', 'valueOf', 'constructor'][c.variant % 3]] });
      return { doc, desc: `${s.at} := {"method": [...]}`, check: (e) => has(e, 'ForbiddenOperator', `${s.at}/method`) };
    }
    case 'forbiddenPath': {
      const s = at(sl);
      const seg = FORBIDDEN_SEGMENTS[c.variant % 3];
      const path = [seg, `${seg}.x`, `x.${seg}`, `a.b.${seg}.c`][Math.floor(c.variant / 3) % 4];
      // keeps the slot's own value and type, so the forbidden read is the only thing wrong
      setAt(doc, s.at, { if: [{ var: path }, s.logic, s.logic] });
      return { doc, desc: `${s.at} reads "${path}"`, check: (e) => has(e, 'ForbiddenPath', `${s.at}/if/0/var`) };
    }
    case 'protoKey': {
      const objects = [{ pointer: '', value: doc as unknown }, ...all].filter((x) => jsonType(x.value) === 'object');
      const n = at(objects);
      const key = FORBIDDEN_SEGMENTS[c.variant % 3];
      setAt(doc, `${n.pointer}/${key}`, { polluted: true, value: 1, kind: 'value', name: 'polluted', expr: 1 });
      return { doc, desc: `${n.pointer}/${key} := {polluted}`, check: null };
    }
    case 'protoName': {
      const name = UNSAFE_NAMES[c.variant % UNSAFE_NAMES.length];
      const where = Math.floor(c.variant / UNSAFE_NAMES.length) % 3;
      if (where === 0 && doc.rules.length) {
        const i = c.pick % doc.rules.length;
        const old = doc.rules[i].name;
        doc.rules[i].name = name;
        doc.outputs = doc.outputs.map((o) => (o === old ? name : o));
        return { doc, desc: `rule /rules/${i} renamed ${old} → ${name}`, check: null };
      }
      if (where === 1) {
        const keys = Object.keys(doc.parameters);
        const k = keys[c.pick % keys.length];
        setAt(doc, `/parameters/${encode(name)}`, doc.parameters[k]);
        return { doc, desc: `parameter ${name} added (copy of ${k})`, check: null };
      }
      const props = (doc.input as { properties?: Record<string, unknown> }).properties ?? {};
      const ks = Object.keys(props);
      setAt(doc, `/input/properties/${encode(name)}`, props[ks[c.pick % ks.length]] ?? { type: 'number' });
      return { doc, desc: `input field ${name} added`, check: null };
    }
    case 'cycle': {
      const values = doc.rules.map((r, i) => ({ r, i })).filter((x) => x.r.kind === 'value');
      const a = at(values);
      const b = values[(c.pick + 1 + (c.variant % Math.max(1, values.length - 1))) % values.length];
      if (c.variant % 2 === 0 || a.i === b.i) {
        setAt(doc, `/rules/${a.i}/expr`, { '+': [{ var: a.r.name }, 0] });
        deleteAt(doc, `/rules/${a.i}/formula`);
        return { doc, desc: `/rules/${a.i} (${a.r.name}) reads itself`, check: (e) => has(e, 'Cycle', `/rules/${a.i}`) };
      }
      setAt(doc, `/rules/${a.i}/expr`, { '+': [{ var: b.r.name }, 0] });
      setAt(doc, `/rules/${b.i}/expr`, { '+': [{ var: a.r.name }, 0] });
      deleteAt(doc, `/rules/${a.i}/formula`);
      deleteAt(doc, `/rules/${b.i}/formula`);
      return { doc, desc: `/rules/${a.i} (${a.r.name}) and /rules/${b.i} (${b.r.name}) read each other`, check: (e) => has(e, 'Cycle', `/rules/${a.i}`) ?? has(e, 'Cycle', `/rules/${b.i}`) };
    }
  }
}

export { getAt };
