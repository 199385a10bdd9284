import { encode, jsonType } from './pointer';

/**
 * Mutation sites of one subject, found by walking the pack's input schema beside a valid subject:
 * each site says how to break (or validly move) one field, and at which pointer the error must appear.
 */
export interface InputSite {
  /** Pointer of the field, relative to the subject. */
  at: string;
  kind: 'belowMinimum' | 'aboveMaximum' | 'notInteger' | 'wrongType' | 'notInEnum' | 'tooShort' | 'missing' | 'extraField' | 'extraItemOutOfRange' | 'extraItemWrongType' | 'atMinimum' | 'atMaximum' | 'otherEnumValue';
  valid: boolean;
  /** Applies the mutation to a copy of the subject (in place). */
  apply(subject: Record<string, unknown>): void;
}

type Schema = Record<string, any>;

const types = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

function at(root: any, segs: string[]): any {
  let v = root;
  for (const s of segs) v = v[s];
  return v;
}
const setter = (segs: string[], value: () => unknown) => (subject: Record<string, unknown>) => {
  const parent = at(subject, segs.slice(0, -1));
  parent[segs[segs.length - 1]] = value();
};
const ptrOf = (segs: string[]) => segs.map((s) => '/' + encode(s)).join('');

/** A value of none of the schema's types. */
function wrongTypeFor(s: Schema): unknown {
  const t = types(s);
  const accepts = (v: unknown) => t.some((x) => x === jsonType(v) || (x === 'integer' && Number.isInteger(v)) || (x === 'number' && typeof v === 'number'));
  return ['not a number', 7, true, [], { x: 1 }, null].find((v) => !accepts(v));
}

export function inputSites(schema: Schema, subject: unknown): InputSite[] {
  const out: InputSite[] = [];
  walk(schema, subject, [], out, false);
  return out;
}

/** `conditional`: a sibling if/then may tie this field to others, so only breaking it is certain to be wrong. */
function walk(s: Schema, v: unknown, segs: string[], out: InputSite[], conditional: boolean): void {
  if (!s || typeof s !== 'object') return;
  const t = types(s);
  const here = ptrOf(segs);
  if (segs.length && t.length && wrongTypeFor(s) !== undefined) {
    const w = wrongTypeFor(s);
    out.push({ at: here, kind: 'wrongType', valid: false, apply: setter(segs, () => structuredClone(w)) });
  }
  if (typeof v === 'number' && segs.length) {
    if (typeof s.minimum === 'number') {
      out.push({ at: here, kind: 'belowMinimum', valid: false, apply: setter(segs, () => s.minimum - 1) });
      if (!conditional && !s.not) out.push({ at: here, kind: 'atMinimum', valid: true, apply: setter(segs, () => s.minimum) });
    }
    if (typeof s.maximum === 'number') {
      out.push({ at: here, kind: 'aboveMaximum', valid: false, apply: setter(segs, () => s.maximum + 1) });
      if (!conditional && !s.not) out.push({ at: here, kind: 'atMaximum', valid: true, apply: setter(segs, () => s.maximum) });
    }
    if (t.includes('integer') && !t.includes('number')) out.push({ at: here, kind: 'notInteger', valid: false, apply: setter(segs, () => (v as number) + 0.5) });
  }
  if (Array.isArray(s.enum) && segs.length) {
    out.push({ at: here, kind: 'notInEnum', valid: false, apply: setter(segs, () => (typeof s.enum[0] === 'number' ? 987654 : '不在枚举中')) });
    const other = s.enum.find((e: unknown) => e !== v);
    if (other !== undefined && !conditional) out.push({ at: here, kind: 'otherEnumValue', valid: true, apply: setter(segs, () => other) });
  }
  if (typeof v === 'string' && typeof s.minLength === 'number' && s.minLength > 0) out.push({ at: here, kind: 'tooShort', valid: false, apply: setter(segs, () => '') });

  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const obj = v as Record<string, unknown>;
    const cond = conditional || !!s.allOf || !!s.if || !!s.oneOf || !!s.anyOf || !!s.not || !!s.dependentRequired;
    for (const [k, sub] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      if (!(k in obj)) continue;
      if ((s.required ?? []).includes(k)) {
        out.push({
          at: ptrOf([...segs, k]),
          kind: 'missing',
          valid: false,
          apply: (subject) => {
            delete at(subject, segs)[k];
          },
        });
      }
      walk(sub, obj[k], [...segs, k], out, cond);
    }
    if (s.additionalProperties === false) {
      out.push({ at: ptrOf([...segs, 'unexpectedField']), kind: 'extraField', valid: false, apply: setter([...segs, 'unexpectedField'], () => 1) });
    }
  }
  if (Array.isArray(v) && s.items && typeof s.items === 'object') {
    v.forEach((item, i) => walk(s.items, item, [...segs, String(i)], out, conditional));
    if (v.length) {
      // an extra item, a copy of the first, broken: every invalid site of item 0 moved to the new index
      const n = v.length;
      const itemSites: InputSite[] = [];
      walk(s.items, v[0], [], itemSites, conditional);
      for (const is of itemSites.filter((x) => !x.valid && x.kind !== 'missing' && x.kind !== 'extraField')) {
        out.push({
          at: `${here}/${n}${is.at}`,
          kind: 'extraItemOutOfRange',
          valid: false,
          apply: (subject) => {
            const arr = at(subject, segs) as unknown[];
            const copy = structuredClone(arr[0]) as Record<string, unknown>;
            if (is.at === '') {
              arr.push(wrongTypeFor(s.items));
              return;
            }
            is.apply(copy);
            arr.push(copy);
          },
        });
      }
      const w = wrongTypeFor(s.items);
      if (w !== undefined) out.push({ at: `${here}/${n}`, kind: 'extraItemWrongType', valid: false, apply: (subject) => void (at(subject, segs) as unknown[]).push(structuredClone(w)) });
    }
  }
}
