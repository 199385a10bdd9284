/**
 * Load (KP_LOAD=1): KP_LOAD_SECONDS (default 600) of mixed API traffic from autocannon on loopback against the
 * built server as a child process: stored evaluations, dry-run evaluations with the trace, pack/evaluation/result
 * lists and reads. Zero 5xx, zero socket errors and timeouts, and flat memory: the server's RSS, sampled every
 * few seconds after a warm-up, averages no more in the last third than 1.25 × the first third.
 */
import autocannon from 'autocannon';
import { branch, envelope, FOUR_STAR, TWO_STAR } from '../support/fixtures';
import { packCopy } from '../support/harness';
import { recordFigures } from '../hardening/support/figures';
import { api, createDatabase, seedUsers, startServer, type ServerProcess } from '../hardening/support/server-process';

/** The part of autocannon's result this suite reads (its bundled types lag behind the library). */
interface LoadResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  '5xx': number;
  errors: number;
  timeouts: number;
}
const cannon = autocannon as unknown as (opts: Record<string, unknown>) => Promise<LoadResult>;

const run = process.env.KP_LOAD === '1' ? describe : describe.skip;
const SECONDS = Number(process.env.KP_LOAD_SECONDS ?? 600);
const CONNECTIONS = Number(process.env.KP_LOAD_CONNECTIONS ?? 8);
const SAMPLE_MS = 5000;
const WARMUP_SECONDS = Math.min(30, Math.max(5, Math.round(SECONDS / 20)));
const PACK = 'hz-load';

run(`load: ${SECONDS} s of mixed traffic (KP_LOAD=1)`, () => {
  let db: { url: string; drop(): Promise<void> };
  let s: ServerProcess;

  beforeAll(async () => {
    db = await createDatabase('load');
    s = await startServer(db.url);
    await seedUsers(db.url);
    const author = await s.login('author');
    const publisher = await s.login('publisher');
    const deployer = await s.login('a.deployer');
    expect((await api(s, author, 'POST', '/api/v1/packs', { document: packCopy('rehab-branch-stars', PACK) })).status).toBe(201);
    expect((await api(s, publisher, 'POST', `/api/v1/packs/${PACK}/versions/1.0.0/publish`)).status).toBe(200);
    expect((await api(s, deployer, 'POST', '/api/v1/deployments', { orgId: 'town-a', packId: PACK, version: '1.0.0', effectiveFrom: '2000-01-01' })).status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await s?.kill('SIGTERM');
    await db?.drop();
  }, 60_000);

  it('holds: zero 5xx, zero errors, flat memory', async () => {
    const deployer = await s.login('a.deployer');
    const analyst = await s.login('a.analyst');
    const viewer = await s.login('a.viewer');
    const first = await api(s, deployer, 'POST', `/api/v1/orgs/town-a/packs/${PACK}/evaluate`, envelope('2023', [branch('b1', FOUR_STAR), branch('b2', TWO_STAR)]));
    expect(first.status).toBe(201);
    const evaluationId = first.body.periods[0].evaluationId as string;
    const small = envelope('2024', Array.from({ length: 20 }, (_, i) => branch(`b${i}`, i % 2 ? FOUR_STAR : TWO_STAR)));
    const json = { 'content-type': 'application/json' };
    const requests = [
      { method: 'POST', path: `/api/v1/orgs/town-a/packs/${PACK}/evaluate`, headers: { ...json, authorization: `Bearer ${deployer}` }, body: JSON.stringify(small) },
      { method: 'GET', path: '/api/v1/packs', headers: { authorization: `Bearer ${viewer}` } },
      { method: 'POST', path: `/api/v1/packs/${PACK}/versions/1.0.0/evaluate?trace=true`, headers: { ...json, authorization: `Bearer ${analyst}` }, body: JSON.stringify(small) },
      { method: 'GET', path: '/api/v1/evaluations?limit=20', headers: { authorization: `Bearer ${viewer}` } },
      { method: 'GET', path: `/api/v1/evaluations/${evaluationId}`, headers: { authorization: `Bearer ${viewer}` } },
      { method: 'GET', path: `/api/v1/results/ranking?packId=${PACK}&period=2024&orgId=town-a`, headers: { authorization: `Bearer ${viewer}` } },
      { method: 'GET', path: '/api/health', headers: {} },
    ];

    const rss: { t: number; kb: number }[] = [];
    const started = Date.now();
    const sampler = setInterval(() => {
      const at = (Date.now() - started) / 1000;
      if (at >= WARMUP_SECONDS) rss.push({ t: at, kb: s.rssKb() });
    }, SAMPLE_MS);
    let result: LoadResult;
    try {
      result = await cannon({ url: s.baseUrl, connections: CONNECTIONS, duration: SECONDS, timeout: 30, requests });
    } finally {
      clearInterval(sampler);
    }

    const third = Math.max(1, Math.floor(rss.length / 3));
    const mean = (xs: { kb: number }[]) => xs.reduce((a, x) => a + x.kb, 0) / xs.length;
    const firstThird = Math.round(mean(rss.slice(0, third)) / 1024);
    const lastThird = Math.round(mean(rss.slice(-third)) / 1024);
    const figures = {
      seconds: SECONDS,
      connections: CONNECTIONS,
      requests: result.requests.total,
      rpsMean: Math.round(result.requests.average),
      latencyP50ms: result.latency.p50,
      latencyP99ms: result.latency.p99,
      non2xx: result.non2xx,
      '5xx': result['5xx'],
      errors: result.errors,
      timeouts: result.timeouts,
      rssSamples: rss.length,
      rssFirstThirdMB: firstThird,
      rssLastThirdMB: lastThird,
      rssMaxMB: Math.round(Math.max(...rss.map((x) => x.kb)) / 1024),
      serverExited: s.child.exitCode,
    };
    recordFigures('load', figures);
    expect(result['5xx']).toBe(0);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result.requests.total).toBeGreaterThan(SECONDS * 10);
    expect(rss.length).toBeGreaterThanOrEqual(3);
    expect(lastThird).toBeLessThanOrEqual(firstThird * 1.25);
    expect(s.child.exitCode).toBeNull();
    expect(await s.health()).toBe(200);
  }, (SECONDS + 300) * 1000);
});
