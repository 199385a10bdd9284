/**
 * Bad packs: the real packs of rule-packs/, broken at random pointers by fast-check (wrong types, deletions,
 * 10 000-deep nesting, 10 MB strings and keys, unknown and forbidden operators, __proto__ paths and names, rule
 * cycles). validatePack must never throw, every error must point into the document, and whatever it refuses must
 * not compile or evaluate. KP_FUZZ_RUNS (default 320) and KP_FUZZ_SEED choose the sample.
 */
import fc from 'fast-check';
import { compilePack, evaluate, KpValidationError, validatePack } from '../../server/src/engine';
import type { KpError } from '../../server/src/engine/errors';
import { recordFigures } from './support/figures';
import { deepExpression, mutatePack, PACK_MUTATIONS, summarise, type MutationChoice } from './support/mutate-pack';
import { clone, seedPacks } from './support/packs';
import { parentOf, resolves, segments } from './support/pointer';

const RUNS = Number(process.env.KP_FUZZ_RUNS ?? 320);
const SEED = Number(process.env.KP_FUZZ_SEED ?? 20261123);
const packs = seedPacks();

type Outcome = 'ok' | 'refused' | 'crashed';
interface Trial {
  pack: string;
  op: string;
  desc: string;
  errors: KpError[] | null;
  threw: string | null;
  pointerProblems: string[];
  expectation: string | null;
  compile: Outcome;
  evaluate: Outcome | 'skipped';
  crash: string | null;
  pollution: string[];
}

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const PROTO_BEFORE = prototypeKeys();

/** An error's pointer must name a node of the document, or, for a missing key, an existing parent. */
function pointerProblems(doc: unknown, errors: KpError[]): string[] {
  const out: string[] = [];
  for (const e of errors) {
    if (typeof e.path !== 'string' || (e.path !== '' && !e.path.startsWith('/'))) out.push(`${e.kind}: not a JSON Pointer: ${String(e.path)}`);
    else if (!resolves(doc, e.path) && !(segments(e.path).length && resolves(doc, parentOf(e.path)))) out.push(`${e.kind} ${e.path}: resolves neither in the document nor its parent`);
    if (!e.message?.en || !e.message?.['zh-CN']) out.push(`${e.kind} ${e.path}: message missing a language`);
  }
  return out;
}

function attempt(f: () => unknown): { outcome: Outcome; crash: string | null } {
  try {
    f();
    return { outcome: 'ok', crash: null };
  } catch (e) {
    if (e instanceof KpValidationError) return { outcome: 'refused', crash: null };
    return { outcome: 'crashed', crash: `${(e as Error).name}: ${(e as Error).message.slice(0, 160)}` };
  }
}

function trial(packIndex: number, choice: MutationChoice): Trial {
  const seed = packs[packIndex];
  const m = mutatePack(seed.pack, choice);
  const t: Trial = { pack: seed.ref, op: choice.op, desc: m.desc, errors: null, threw: null, pointerProblems: [], expectation: null, compile: 'ok', evaluate: 'skipped', crash: null, pollution: [] };
  try {
    t.errors = validatePack(m.doc);
  } catch (e) {
    t.threw = `${(e as Error).name}: ${(e as Error).message.slice(0, 160)}`;
  }
  if (t.errors) {
    t.pointerProblems = pointerProblems(m.doc, t.errors);
    t.expectation = m.check ? m.check(t.errors) : null;
  }
  let compiled: ReturnType<typeof compilePack> | null = null;
  const c = attempt(() => (compiled = compilePack(m.doc)));
  t.compile = c.outcome;
  t.crash = c.crash;
  if (compiled) {
    const env = clone(seed.valid);
    const ev = attempt(() => evaluate(compiled!, env));
    t.evaluate = ev.outcome;
    t.crash ??= ev.crash;
  }
  if (prototypeKeys() !== PROTO_BEFORE || ({} as Record<string, unknown>).polluted !== undefined) t.pollution.push('Object.prototype changed');
  return t;
}

const choiceArb = fc.record({
  pack: fc.nat({ max: packs.length - 1 }),
  op: fc.constantFrom(...PACK_MUTATIONS),
  pick: fc.nat(),
  variant: fc.nat({ max: 1000 }),
  value: fc.jsonValue({ maxDepth: 3 }),
});

const trials: Trial[] = [];
const tally = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});
const show = (ts: Trial[], f: (t: Trial) => string) => ts.slice(0, 8).map((t) => `${t.pack} ${t.desc}: ${f(t)}`);

describe(`bad packs: ${RUNS} fast-check mutations of ${packs.length} real packs (seed ${SEED})`, () => {
  beforeAll(() => {
    for (const s of fc.sample(choiceArb, { numRuns: RUNS, seed: SEED })) trials.push(trial(s.pack, s as MutationChoice));
    // every operator on every pack at least once, whatever the sample drew
    packs.forEach((_, i) => PACK_MUTATIONS.forEach((op, k) => trials.push(trial(i, { op, pick: i * 7 + k, variant: i + k, value: null }))));
  }, 240_000);

  afterAll(() => {
    const refused = trials.filter((t) => t.errors?.length).length;
    const byOp = Object.fromEntries(PACK_MUTATIONS.map((op) => [op, trials.filter((t) => t.op === op).length]));
    recordFigures('bad-packs', {
      tried: trials.length,
      refusedByValidatePack: refused,
      acceptedAsValid: trials.length - refused,
      validateThrew: trials.filter((t) => t.threw).length,
      compiledOrEvaluatedAfterRefusal: trials.filter((t) => t.errors?.length && t.evaluate === 'ok').length,
      crashes: trials.filter((t) => t.crash).length,
      leakedByFirstErrorKind: tally(trials.filter((t) => t.errors?.length && t.evaluate === 'ok').map((t) => t.errors![0].kind)),
      crashedByOperator: tally(trials.filter((t) => t.crash).map((t) => t.op)),
      byOperator: byOp,
      seed: SEED,
    });
  });

  it('validatePack never throws', () => {
    expect(show(trials.filter((t) => t.threw), (t) => t.threw!)).toEqual([]);
  });

  it('every error carries a JSON Pointer that resolves in the document (or its parent, for a missing key) and both languages', () => {
    expect(show(trials.filter((t) => t.pointerProblems.length), (t) => t.pointerProblems.join('; '))).toEqual([]);
  });

  it('each targeted mutation gets its own error at its own pointer (missing key, 10 MB string, unknown/forbidden operator, forbidden path, cycle, nesting)', () => {
    expect(show(trials.filter((t) => t.expectation), (t) => t.expectation!)).toEqual([]);
    expect(trials.filter((t) => t.op === 'hugeString' || t.op === 'deepNest' || t.op === 'cycle').every((t) => t.errors?.length)).toBe(true);
  });

  it('nothing validatePack refused compiles and evaluates', () => {
    const leaked = trials.filter((t) => t.errors?.length && t.evaluate === 'ok');
    expect(show(leaked, (t) => `evaluated although validatePack said ${summarise(t.errors!)}`)).toEqual([]);
  });

  it('compilePack and evaluate refuse with a KpValidationError, never another exception', () => {
    expect(show(trials.filter((t) => t.crash), (t) => `${t.compile === 'crashed' ? 'compilePack' : 'evaluate'} threw ${t.crash}`)).toEqual([]);
  });

  it('what validatePack accepts compiles', () => {
    const notCompiling = trials.filter((t) => t.errors && !t.errors.length && t.compile !== 'ok');
    expect(show(notCompiling, (t) => `compilePack: ${t.compile}`)).toEqual([]);
  });

  it('no mutation (__proto__ keys, rule or parameter named constructor …) changes Object.prototype', () => {
    expect(show(trials.filter((t) => t.pollution.length), (t) => t.pollution.join())).toEqual([]);
  });
});

describe('hostile documents that JSON cannot even express', () => {
  it('a reference cycle in the object graph is refused, not followed forever', () => {
    const doc = clone(packs[0].pack) as unknown as Record<string, any>;
    const loop: Record<string, unknown> = { '+': [] };
    (loop['+'] as unknown[]).push(loop, 1);
    doc.rules[0].expr = loop;
    const errors = validatePack(doc);
    expect(errors).toEqual([expect.objectContaining({ kind: 'ExpressionTooLarge' })]);
    expect(() => compilePack(doc as never)).toThrow(KpValidationError);
  });

  it('an expression 10 000 deep is refused at its slot by compilePack too, without a stack overflow', () => {
    const doc = clone(packs[0].pack) as unknown as Record<string, any>;
    const i = doc.rules.findIndex((r: { kind: string }) => r.kind === 'value');
    doc.rules[i].expr = deepExpression(10_000);
    delete doc.rules[i].formula;
    let thrown: unknown;
    try {
      compilePack(doc as never);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(KpValidationError);
    expect((thrown as KpValidationError).errors).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'ExpressionTooLarge', path: `/rules/${i}/expr` })]));
  });

  it.each([null, undefined, 0, 'pack', [], {}, { rules: 5 }, { id: 'x', rules: [{ kind: 'value' }] }, Object.create(null)])('junk %p: errors, no throw', (junk) => {
    const errors = validatePack(junk);
    expect(errors.length).toBeGreaterThan(0);
  });
});
