import { diffPacks, formatDiff } from '../../server/src/engine';
import { branch, envelope, FOUR_STAR } from '../support/fixtures';
import { createTestApp, loadPack, packCopy, type TestApp } from '../support/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('packs');
});
afterAll(() => t?.close());

const base = '/api/v1/packs';

describe('drafts', () => {
  const doc = packCopy('rehab-branch-stars', 'draft-stars');

  it('creates a pack with its first draft, ETag "1"', async () => {
    const res = await t.as('author').post(base).send({ document: doc }).expect(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({ packId: 'draft-stars', version: '1.0.0', status: 'draft', revision: 1, problems: [] });
    expect(res.body.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('refuses a second pack with the same id (409)', async () => {
    const res = await t.as('author').post(base).send({ document: doc }).expect(409);
    expect(res.body.error).toBe('PackIdNotAvailable');
  });

  it('reads a version with its ETag and lists the pack', async () => {
    const v = await t.as('viewer').get(`${base}/draft-stars/versions/1.0.0`).expect(200);
    expect(v.headers.etag).toBe('"1"');
    expect(v.body.document.id).toBe('draft-stars');
    const list = await t.as('viewer').get(base).expect(200);
    expect(list.body.map((p: { id: string }) => p.id)).toContain('draft-stars');
    const one = await t.as('viewer').get(`${base}/draft-stars`).expect(200);
    expect(one.body).toMatchObject({ id: 'draft-stars', ownerOrgId: 'prov', editable: true });
    expect(one.body.versions.map((x: { version: string }) => x.version)).toEqual(['1.0.0']);
  });

  it('updates with If-Match, refuses a stale ETag (409) and a missing one (428)', async () => {
    const edited = { ...doc, title: { 'zh-CN': '草稿一', en: 'Draft one' } };
    const ok = await t.as('author').put(`${base}/draft-stars/versions/1.0.0`).set('If-Match', '"1"').send(edited).expect(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.body.document.title.en).toBe('Draft one');

    const stale = await t.as('author').put(`${base}/draft-stars/versions/1.0.0`).set('If-Match', '"1"').send({ ...doc, title: { 'zh-CN': '丢失', en: 'Lost' } }).expect(409);
    expect(stale.body).toMatchObject({ error: 'StaleRevision', currentRevision: 2 });
    const after = await t.as('author').get(`${base}/draft-stars/versions/1.0.0`).expect(200);
    expect(after.body.document.title.en).toBe('Draft one');

    const missing = await t.as('author').put(`${base}/draft-stars/versions/1.0.0`).send(edited).expect(428);
    expect(missing.body.error).toBe('PreconditionRequired');
  });

  it('of concurrent edits with the same ETag exactly one wins', async () => {
    const cur = await t.as('author').get(`${base}/draft-stars/versions/1.0.0`).expect(200);
    const etag = cur.headers.etag;
    const statuses = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => t.as('author').put(`${base}/draft-stars/versions/1.0.0`).set('If-Match', etag).send({ ...doc, title: { 'zh-CN': `并发${i}`, en: `Concurrent ${i}` } }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(4);
  });

  it('refuses a document whose id or version differs from the URL, naming both pointers', async () => {
    const cur = await t.as('author').get(`${base}/draft-stars/versions/1.0.0`);
    const res = await t.as('author').put(`${base}/draft-stars/versions/1.0.0`).set('If-Match', cur.headers.etag).send({ ...doc, id: 'other', version: '2.0.0' }).expect(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['/id', '/version']);
  });

  it('reports schema and semantic errors by pointer for a stored draft and for an unsaved document', async () => {
    const broken = { ...doc, outputs: [...doc.outputs, 'noSuchValue'] };
    const v = await t.as('author').post(`${base}/validate`).send({ document: broken }).expect(200);
    expect(v.body.valid).toBe(false);
    expect(v.body.errors.length).toBeGreaterThan(0);
    for (const e of v.body.errors) {
      expect(e.path.startsWith('/document/')).toBe(true);
      expect(typeof e.message['zh-CN']).toBe('string');
      expect(typeof e.message.en).toBe('string');
    }
    expect(v.body.errors.some((e: { path: string }) => e.path.startsWith('/document/outputs'))).toBe(true);

    const good = await t.as('author').post(`${base}/draft-stars/versions/1.0.0/validate`).expect(200);
    expect(good.body).toEqual({ valid: true, errors: [] });
  });

  it('runs the pack tests of a version and of a document', async () => {
    const res = await t.as('author').post(`${base}/draft-stars/versions/1.0.0/test`).expect(200);
    expect(res.body.failed).toBe(0);
    expect(res.body.passed).toBe(doc.tests!.length);
    const again = await t.as('author').post(`${base}/test`).send({ document: doc }).expect(200);
    expect(again.body.passed).toBe(doc.tests!.length);
  });

  it('deletes a draft (204)', async () => {
    await t.as('author').post(`${base}/draft-stars/versions`).send({ version: '1.0.1' }).expect(201);
    await t.as('author').delete(`${base}/draft-stars/versions/1.0.1`).expect(204);
    await t.as('author').get(`${base}/draft-stars/versions/1.0.1`).expect(404);
  });
});

describe('publishing', () => {
  const doc = packCopy('rehab-branch-stars', 'pub-stars');

  beforeAll(async () => {
    await t.as('author').post(base).send({ document: doc }).expect(201);
  });

  it('refuses a draft whose own tests fail (422 with the report) and keeps it a draft', async () => {
    const failing = structuredClone(doc);
    failing.tests![0].expect![0].outputs.score = 90;
    const cur = await t.as('author').get(`${base}/pub-stars/versions/1.0.0`);
    await t.as('author').put(`${base}/pub-stars/versions/1.0.0`).set('If-Match', cur.headers.etag).send(failing).expect(200);
    const res = await t.as('publisher').post(`${base}/pub-stars/versions/1.0.0/publish`).expect(422);
    expect(res.body.error).toBe('PackTestsFailed');
    expect(res.body.report.failed).toBe(1);
    const v = await t.as('author').get(`${base}/pub-stars/versions/1.0.0`);
    expect(v.body.status).toBe('draft');
  });

  it('refuses an invalid draft (422 with its pointers)', async () => {
    const cur = await t.as('author').get(`${base}/pub-stars/versions/1.0.0`);
    await t.as('author').put(`${base}/pub-stars/versions/1.0.0`).set('If-Match', cur.headers.etag).send({ ...doc, period: 'decade' }).expect(200);
    const res = await t.as('publisher').post(`${base}/pub-stars/versions/1.0.0/publish`).expect(422);
    expect(res.body.error).toBe('ValidationFailed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('/period');
  });

  it('publishes a valid draft whose tests pass', async () => {
    const cur = await t.as('author').get(`${base}/pub-stars/versions/1.0.0`);
    await t.as('author').put(`${base}/pub-stars/versions/1.0.0`).set('If-Match', cur.headers.etag).send(doc).expect(200);
    const res = await t.as('publisher').post(`${base}/pub-stars/versions/1.0.0/publish`).expect(200);
    expect(res.body).toMatchObject({ packId: 'pub-stars', version: '1.0.0', status: 'published', publishedBy: 'publisher' });
  });

  it('no route changes a published version', async () => {
    const before = await t.as('author').get(`${base}/pub-stars/versions/1.0.0`).expect(200);
    const put = await t.as('author').put(`${base}/pub-stars/versions/1.0.0`).set('If-Match', before.headers.etag).send({ ...doc, title: { 'zh-CN': '改', en: 'Changed' } }).expect(409);
    expect(put.body.error).toBe('VersionPublished');
    expect((await t.as('author').delete(`${base}/pub-stars/versions/1.0.0`).expect(409)).body.error).toBe('VersionPublished');
    expect((await t.as('publisher').post(`${base}/pub-stars/versions/1.0.0/publish`).expect(409)).body.error).toBe('AlreadyPublished');
    await t.as('author').post(`${base}/pub-stars/versions`).send({ version: '1.0.0' }).expect(409);
    const after = await t.as('author').get(`${base}/pub-stars/versions/1.0.0`).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it('needs a version greater than every published one', async () => {
    await t.as('author').post(`${base}/pub-stars/versions`).send({ version: '0.9.0' }).expect(201);
    const res = await t.as('publisher').post(`${base}/pub-stars/versions/0.9.0/publish`).expect(409);
    expect(res.body.error).toBe('VersionNotGreater');
    await t.as('author').post(`${base}/pub-stars/versions`).send({ version: '1.0.0-rc.1' }).expect(201);
    expect((await t.as('publisher').post(`${base}/pub-stars/versions/1.0.0-rc.1/publish`).expect(409)).body.error).toBe('VersionNotGreater');
  });

  it('of concurrent publishes of one draft exactly one succeeds', async () => {
    await t.as('author').post(`${base}/pub-stars/versions`).send({ version: '1.1.0' }).expect(201);
    const statuses = await Promise.all([1, 2, 3].map(() => t.as('publisher').post(`${base}/pub-stars/versions/1.1.0/publish`).then((r) => r.status)));
    expect(statuses.sort()).toEqual([200, 409, 409]);
  });

  it('diffs two versions exactly like diffPacks (rules diff)', async () => {
    const changed = { ...doc, version: '1.2.0', parameters: { ...doc.parameters, satisfactionVeto: { ...doc.parameters.satisfactionVeto, value: 0.85 } } };
    await t.as('author').post(`${base}/pub-stars/versions`).send({ version: '1.2.0', document: changed }).expect(201);
    const res = await t.as('viewer').get(`${base}/pub-stars/diff?from=1.0.0&to=1.2.0`).expect(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(diffPacks(doc, changed))));
    expect(res.body.parameters).toEqual([{ name: 'satisfactionVeto', change: 'changed', from: 0.8, to: 0.85 }]);
    const text = await t.as('viewer').get(`${base}/pub-stars/diff?from=1.0.0&to=1.2.0&format=text`).expect(200);
    expect(text.text).toBe(formatDiff(diffPacks(doc, changed)).join('\n') + '\n');
    const missing = await t.as('viewer').get(`${base}/pub-stars/diff?from=1.0.0`).expect(400);
    expect(missing.body.errors[0].path).toBe('/to');
  });
});

describe('trying a pack without storing anything', () => {
  it('evaluates an envelope on a published version with the trace', async () => {
    await t.publish(packCopy('rehab-branch-stars', 'try-stars'));
    const res = await t.as('analyst').post(`${base}/try-stars/versions/1.0.0/evaluate?trace=true`).send(envelope('2024', [branch('b1', FOUR_STAR)])).expect(200);
    expect(res.body.periods[0].results[0].outputs).toMatchObject({ score: 91.5, stars: 4, secretaryBonusIndex: 1.3 });
    expect(res.body.periods[0].results[0].trace.length).toBeGreaterThan(0);
    const rows = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM evaluations');
    expect(rows[0].n).toBe(0);
  });

  it('evaluates an unsaved document with parameter overrides', async () => {
    const doc = loadPack('rehab-branch-stars');
    const res = await t.as('author').post(`${base}/try`).send({ document: doc, envelope: envelope('2024', [branch('b1', FOUR_STAR)], { starBands: [60, 70, 80, 91.5, 96] }) }).expect(200);
    expect(res.body.periods[0].results[0].outputs.stars).toBe(4);
    const higher = await t.as('author').post(`${base}/try`).send({ document: doc, envelope: envelope('2024', [branch('b1', FOUR_STAR)], { starBands: [60, 70, 80, 91.6, 96] }) }).expect(200);
    expect(higher.body.periods[0].results[0].outputs.stars).toBe(3);
  });

  it('points invalid inputs of the try panel under /envelope', async () => {
    const bad = branch('b1', FOUR_STAR);
    bad.self.teamBuilding = 21;
    const res = await t.as('author').post(`${base}/try`).send({ document: loadPack('rehab-branch-stars'), envelope: envelope('2024', [bad]) }).expect(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['/envelope/periods/0/subjects/0/self/teamBuilding']);
  });
});
