/**
 * Concurrency against the real server on PostgreSQL: 50 simultaneous edits of one draft with the same If-Match,
 * three rounds (exactly one winner per revision, 49 × 409, the stored document is the winner's), and 20
 * simultaneous publishes of one draft (exactly one published version, one audit row).
 */
import { createTestApp, packCopy, type TestApp } from '../support/harness';
import { recordFigures } from './support/figures';

let t: TestApp;
const PACK = 'hz-concurrent';
const EDITS = 50;
const PUBLISHES = 20;
const url = `/api/v1/packs/${PACK}/versions/1.0.0`;
const figures = { edits: 0, editWinners: 0, edit409: 0, publishes: 0, publishWinners: 0, publish409: 0 };

beforeAll(async () => {
  t = await createTestApp('hz_concurrency');
  await t.as('author').post('/api/v1/packs').send({ document: packCopy('rehab-branch-stars', PACK) }).expect(201);
}, 60_000);
afterAll(async () => {
  recordFigures('concurrency', figures);
  await t?.close();
});

describe(`${EDITS} concurrent edits of one draft with the same If-Match`, () => {
  it.each([1, 2, 3])('round %i: exactly one 200, the rest 409, and the stored document is the winner’s', async (round) => {
    const cur = await t.as('author').get(url).expect(200);
    const etag = cur.headers.etag as string;
    const results = await Promise.all(
      Array.from({ length: EDITS }, (_, i) => {
        const doc = packCopy('rehab-branch-stars', PACK);
        doc.title = { 'zh-CN': `并发编辑 ${round}-${i}`, en: `edit ${round}-${i}` };
        return t.as('author').put(url).set('If-Match', etag).send(doc).then((r) => ({ i, status: r.status, etag: r.headers.etag }));
      }),
    );
    figures.edits += EDITS;
    const winners = results.filter((r) => r.status === 200);
    figures.editWinners += winners.length;
    figures.edit409 += results.filter((r) => r.status === 409).length;
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(EDITS - 1);
    expect(winners[0].etag).toBe(`"${Number(JSON.parse(etag)) + 1}"`);
    const after = await t.as('author').get(url).expect(200);
    expect(after.headers.etag).toBe(winners[0].etag);
    expect(after.body.document.title.en).toBe(`edit ${round}-${winners[0].i}`);
    const audit = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id LIKE $1 AND after::text LIKE $2`, [`${PACK}%`, `%edit ${round}-%`]);
    expect(audit[0].n).toBe(1);
  });
});

describe(`${PUBLISHES} concurrent publishes of one draft`, () => {
  it('exactly one published version; the others 409; one audit row', async () => {
    const results = await Promise.all(Array.from({ length: PUBLISHES }, () => t.as('publisher').post(`${url}/publish`).then((r) => r.status)));
    figures.publishes += PUBLISHES;
    figures.publishWinners = results.filter((s) => s === 200).length;
    figures.publish409 = results.filter((s) => s === 409).length;
    expect(results.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((s) => s === 409)).toHaveLength(PUBLISHES - 1);
    const rows = await t.sql<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM pack_versions WHERE pack_id = $1 GROUP BY status`, [PACK]);
    expect(rows).toEqual([{ status: 'published', n: 1 }]);
    const audit = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action ILIKE '%publish%' AND entity_id LIKE $1`, [`${PACK}%`]);
    expect(audit[0].n).toBe(1);
  });
});
