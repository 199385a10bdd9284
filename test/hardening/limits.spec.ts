/**
 * Limits and bad input through the HTTP API: a body over the limit is a 413 (JSON, no stack); expressions too
 * deep or too large are refused by pointer before anything compiles; and every seed pack, published and deployed,
 * answers broken inputs with 422 naming the broken field while the evaluations and audit tables stay unchanged.
 */
import { compilePack } from '../../server/src/engine';
import { resolveSchemaParams } from '../../server/src/engine/evaluate/input';
import type { Json } from '../../server/src/engine/types';
import { createTestApp, packCopy, type TestApp } from '../support/harness';
import { recordFigures } from './support/figures';
import { inputSites } from './support/input-sites';
import { clone, seedPacks } from './support/packs';
import { deepExpression } from './support/mutate-pack';

let t: TestApp;
const seeds = seedPacks();
/** Broken fields sent per pack (spread over its sites); the engine suite tries all of them. */
const PER_PACK = Number(process.env.KP_API_FUZZ_PER_PACK ?? 30);
const figures = { badInputsOverHttp: 0, badInputs422: 0, storedRowsBefore: 0, storedRowsAfter: 0, auditRowsBefore: 0, auditRowsAfter: 0 };
const counts = async () => (await t.sql<{ e: number; a: number }>(`SELECT (SELECT count(*)::int FROM evaluations) AS e, (SELECT count(*)::int FROM audit_log) AS a`))[0];

beforeAll(async () => {
  t = await createTestApp('hz_limits');
}, 60_000);
afterAll(async () => {
  recordFigures('limits', figures);
  await t?.close();
});

describe('request body size', () => {
  it(`a body over the limit is a 413 with a JSON error and no stack`, async () => {
    const big = { periods: [{ period: '2024', subjects: [{ id: 'x', pad: 'x'.repeat(t.config.bodyLimit + 1024) }] }] };
    const res = await t.as('analyst').post('/api/v1/packs/rehab-branch-stars/versions/1.0.0/evaluate').set('Content-Type', 'application/json').send(JSON.stringify(big));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: 'PayloadTooLarge', message: { 'zh-CN': expect.any(String), en: expect.any(String) } });
    expect(res.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  });

  it('malformed JSON is a 400 with a JSON error and no stack', async () => {
    const res = await t.as('analyst').post('/api/v1/packs/try').set('Content-Type', 'application/json').send('{"document": {');
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|SyntaxError/);
  });
});

describe('expression depth and size', () => {
  const seed = seeds.find((s) => s.pack.id === 'rehab-branch-stars')!;
  const slot = seed.pack.rules.findIndex((r) => r.kind === 'value');
  const withExpr = (expr: unknown) => {
    const doc = clone(seed.pack) as unknown as Record<string, any>;
    doc.rules[slot].expr = expr;
    delete doc.rules[slot].formula;
    return doc;
  };

  /** The body as text: neither superagent nor JSON.stringify can serialise 10 000 levels, JSON.parse can read them. */
  const deepBody = (extra: Record<string, unknown> = {}, id = seed.pack.id) => {
    const marker = '"__DEEP__"';
    const doc = withExpr('__DEEP__');
    doc.id = id;
    const n = 10_000;
    return JSON.stringify({ document: doc, ...extra }).replace(marker, '{"+":['.repeat(n) + '{"var":"x"}' + ',1]}'.repeat(n));
  };

  it('an expression 10 000 deep: validate answers ExpressionTooLarge under /document/rules/…, try refuses with 422', async () => {
    const v = await t.as('author').post('/api/v1/packs/validate').set('Content-Type', 'application/json').send(deepBody()).expect(200);
    expect(v.body.valid).toBe(false);
    expect(v.body.errors).toEqual([expect.objectContaining({ kind: 'ExpressionTooLarge', path: expect.stringMatching(new RegExp(`^/document/rules/${slot}/expr(/|$)`)) })]);
    const tr = await t.as('analyst').post('/api/v1/packs/try').set('Content-Type', 'application/json').send(deepBody({ envelope: seed.valid }));
    expect(tr.status).toBe(422);
    expect(tr.body.errors[0]).toEqual(expect.objectContaining({ kind: 'ExpressionTooLarge' }));
  });

  it('40 operators deep (depth 80 > the compiler’s 64, under the document’s 100) is refused at its slot', async () => {
    const v = await t.as('author').post('/api/v1/packs/validate').send({ document: withExpr(deepExpression(40)) }).expect(200);
    expect(v.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'ExpressionTooLarge', path: `/document/rules/${slot}/expr` })]));
  });

  it('an expression of 30 000 nodes (over 20 000) is refused at its slot', async () => {
    const wide = { '+': Array.from({ length: 30_000 }, () => 1) };
    const v = await t.as('author').post('/api/v1/packs/validate').send({ document: withExpr(wide) }).expect(200);
    expect(v.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'ExpressionTooLarge', path: `/document/rules/${slot}/expr` })]));
  });

  it('a draft with a 10 000-deep expression cannot be published, and nothing is published', async () => {
    const created = await t.as('author').post('/api/v1/packs').set('Content-Type', 'application/json').send(deepBody({}, 'hz-deep'));
    if (created.status === 201) {
      const pub = await t.as('publisher').post('/api/v1/packs/hz-deep/versions/1.0.0/publish');
      expect(pub.status).toBe(422);
      expect(pub.body.errors[0]).toEqual(expect.objectContaining({ kind: 'ExpressionTooLarge' }));
    } else expect([400, 422]).toContain(created.status);
    expect(created.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
    expect(await t.sql(`SELECT 1 FROM pack_versions WHERE pack_id = 'hz-deep' AND status = 'published'`)).toEqual([]);
  });
});

describe('bad inputs over HTTP: every seed pack published and deployed at town-a', () => {
  it.each(seeds.map((s) => [s.ref, s] as const))('%s: each broken field is a 422 naming it; nothing stored, nothing audited', async (_ref, s) => {
    const id = `hz-${s.pack.id}-${s.pack.version.replace(/\./g, '')}`;
    await t.publish({ ...packCopy(s.pack.id, id, s.pack.version, s.pack.version) });
    await t.as('a.deployer').post('/api/v1/deployments').send({ orgId: 'town-a', packId: id, version: s.pack.version, effectiveFrom: '1990-01-01' }).expect(201);
    const compiled = compilePack(s.pack);
    const schema = resolveSchemaParams(s.pack.input, compiled.parameters as Record<string, Json>) as Record<string, unknown>;
    const pi = s.valid.periods.findIndex((p) => p.subjects.length);
    const { id: _id, ...inputs } = s.valid.periods[pi].subjects[0];
    const broken = inputSites(schema, inputs).filter((x) => !x.valid);
    const stride = Math.max(1, Math.floor(broken.length / PER_PACK));
    const before = await counts();
    const problems: string[] = [];
    for (let k = 0; k < broken.length; k += stride) {
      const site = broken[k];
      const env = clone(s.valid);
      site.apply(env.periods[pi].subjects[0] as Record<string, unknown>);
      const want = `/periods/${pi}/subjects/0${site.at}`;
      const res = await t.as('a.deployer').post(`/api/v1/orgs/town-a/packs/${id}/evaluate`).send(env);
      figures.badInputsOverHttp++;
      if (res.status === 422) figures.badInputs422++;
      const paths = (res.body.errors ?? []).map((e: { path: string }) => e.path);
      if (res.status !== 422 || !paths.includes(want)) problems.push(`${site.kind} ${want}: ${res.status} ${paths.join(', ')}`);
    }
    const after = await counts();
    figures.storedRowsBefore += before.e;
    figures.storedRowsAfter += after.e;
    figures.auditRowsBefore += before.a;
    figures.auditRowsAfter += after.a;
    expect(problems).toEqual([]);
    expect(after).toEqual(before);
    // and the untouched envelope is stored: the endpoint was not refusing everything
    await t.as('a.deployer').post(`/api/v1/orgs/town-a/packs/${id}/evaluate`).send(s.valid).expect(201);
  });
});
