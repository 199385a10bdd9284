/**
 * Bad inputs: every pack's input schema fuzzed from a subject its own tests accept. Each field is pushed below its
 * minimum, above its maximum, off its integers, out of its enum, to the wrong type, deleted, joined by an unknown
 * field, or followed by an extra array item that is out of range. Every such envelope must be refused with a
 * KpValidationError naming that field's pointer (and nothing outside the broken subject); every in-range move must
 * evaluate. Then fast-check breaks two to four fields of random subjects at once. KP_FUZZ_RUNS scales the sample.
 */
import fc from 'fast-check';
import { compilePack, evaluate, KpValidationError, type CompiledPack } from '../../server/src/engine';
import { resolveSchemaParams } from '../../server/src/engine/evaluate/input';
import type { Envelope, Json } from '../../server/src/engine/types';
import { recordFigures } from './support/figures';
import { inputSites, type InputSite } from './support/input-sites';
import { clone, seedPacks } from './support/packs';

const RUNS = Number(process.env.KP_FUZZ_RUNS ?? 320);
const SEED = Number(process.env.KP_FUZZ_SEED ?? 20261123);

interface Target {
  ref: string;
  compiled: CompiledPack;
  valid: Envelope;
  /** [period index, subject index, its sites] for every subject of the valid envelope. */
  subjects: { pi: number; si: number; sites: InputSite[] }[];
}

const targets: Target[] = seedPacks().map((s) => {
  const compiled = compilePack(s.pack);
  const schema = resolveSchemaParams(s.pack.input, compiled.parameters as Record<string, Json>) as Record<string, unknown>;
  const subjects = s.valid.periods.flatMap((p, pi) =>
    p.subjects.map((subj, si) => {
      const { id: _id, ...inputs } = subj;
      return { pi, si, sites: inputSites(schema, inputs) };
    }),
  );
  return { ref: s.ref, compiled, valid: s.valid, subjects };
});

const figures = { tried: 0, refused: 0, validMovesEvaluated: 0, multiFieldTried: 0, envelopeLevelTried: 0, byKind: {} as Record<string, number> };
const count = (kind: string) => (figures.byKind[kind] = (figures.byKind[kind] ?? 0) + 1);

/** The error pointers of evaluating env, or null when it evaluated. Anything but a KpValidationError is rethrown. */
function errorsOf(c: CompiledPack, env: unknown): string[] | null {
  try {
    evaluate(c, env);
    return null;
  } catch (e) {
    if (!(e instanceof KpValidationError)) throw e;
    return e.errors.map((x) => x.path);
  }
}

function mutated(t: Target, edits: { pi: number; si: number; site: InputSite }[]): Envelope {
  const env = clone(t.valid);
  for (const e of edits) e.site.apply(env.periods[e.pi].subjects[e.si] as Record<string, unknown>);
  return env;
}

const subjectPtr = (pi: number, si: number) => `/periods/${pi}/subjects/${si}`;

afterAll(() => recordFigures('bad-inputs', { ...figures, seed: SEED }));

describe.each(targets.map((t) => [t.ref, t] as const))('%s: every field of the input schema', (_ref, t) => {
  const first = t.subjects[0];

  it('has mutation sites for its fields', () => {
    expect(first.sites.filter((s) => !s.valid).length).toBeGreaterThan(3);
  });

  it('each broken field of each subject is refused at its own pointer, and only inside its subject', () => {
    const problems: string[] = [];
    for (const subj of t.subjects) for (const site of subj.sites.filter((s) => !s.valid)) {
      figures.tried++;
      count(site.kind);
      const base = subjectPtr(subj.pi, subj.si);
      const want = base + site.at;
      const got = errorsOf(t.compiled, mutated(t, [{ ...subj, site }]));
      if (!got) problems.push(`${site.kind} ${want}: evaluated`);
      else {
        figures.refused++;
        if (!got.includes(want)) problems.push(`${site.kind} ${want}: pointers ${got.join(', ')}`);
        const stray = got.filter((p) => p !== base && !p.startsWith(base + '/'));
        if (stray.length) problems.push(`${site.kind} ${want}: stray pointers ${stray.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('each in-range move of each subject (to a bound, to another enum value) evaluates', () => {
    const problems: string[] = [];
    for (const subj of t.subjects) for (const site of subj.sites.filter((s) => s.valid)) {
      figures.tried++;
      count(site.kind);
      const got = errorsOf(t.compiled, mutated(t, [{ ...subj, site }]));
      if (got) problems.push(`${site.kind} ${subjectPtr(subj.pi, subj.si)}${site.at}: refused with ${got.join(', ')}`);
      else figures.validMovesEvaluated++;
    }
    expect(problems).toEqual([]);
  });

  it('envelope-level faults are named: bad period, duplicate id, missing id, subjects not an array, unknown key', () => {
    const p0 = t.valid.periods[first.pi];
    const cases: [string, (e: any) => void, string][] = [
      ['bad period', (e) => (e.periods[first.pi].period = '2024-13'), `/periods/${first.pi}/period`],
      ['missing id', (e) => delete e.periods[first.pi].subjects[first.si].id, `${subjectPtr(first.pi, first.si)}/id`],
      ['subjects not an array', (e) => (e.periods[first.pi].subjects = { a: 1 }), `/periods/${first.pi}/subjects`],
      ['unknown envelope key', (e) => (e.extra = true), '/extra'],
      ['periods missing', (e) => delete e.periods, '/periods'],
    ];
    if (p0.subjects.length) {
      cases.push(['duplicate id', (e) => e.periods[first.pi].subjects.push(clone(e.periods[first.pi].subjects[first.si])), `${subjectPtr(first.pi, p0.subjects.length)}/id`]);
    }
    const problems: string[] = [];
    for (const [name, edit, want] of cases) {
      figures.tried++;
      figures.envelopeLevelTried++;
      const env = clone(t.valid) as any;
      edit(env);
      const got = errorsOf(t.compiled, env);
      if (!got?.includes(want)) problems.push(`${name}: wanted ${want}, got ${got ? got.join(', ') : 'evaluated'}`);
    }
    expect(problems).toEqual([]);
  });
});

describe(`several broken fields at once (fast-check, ${RUNS} runs, seed ${SEED})`, () => {
  it('every broken field is named, whichever subjects and fields are broken together', () => {
    const arb = fc
      .nat({ max: targets.length - 1 })
      .chain((ti) => {
        const subjects = targets[ti].subjects.filter((s) => s.sites.some((x) => !x.valid && x.kind !== 'extraItemOutOfRange' && x.kind !== 'extraItemWrongType'));
        return fc.tuple(
          fc.constant(ti),
          fc.uniqueArray(
            fc.nat({ max: subjects.length - 1 }).chain((k) => {
              const sites = subjects[k].sites.filter((x) => !x.valid && x.kind !== 'extraItemOutOfRange' && x.kind !== 'extraItemWrongType');
              return fc.tuple(fc.constant(subjects[k]), fc.constantFrom(...sites));
            }),
            // one site per field: two edits of the same field would overwrite each other
            { minLength: 2, maxLength: 4, selector: ([s, site]) => `${s.pi}/${s.si}${site.at.split('/').slice(0, 2).join('/')}` },
          ),
        );
      });
    fc.assert(
      fc.property(arb, ([ti, picks]) => {
        const t = targets[ti];
        figures.tried++;
        figures.multiFieldTried++;
        const edits = picks.map(([s, site]) => ({ pi: s.pi, si: s.si, site }));
        const got = errorsOf(t.compiled, mutated(t, edits));
        if (!got) return false;
        figures.refused++;
        return edits.every((e) => got.includes(subjectPtr(e.pi, e.si) + e.site.at));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
