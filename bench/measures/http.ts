import { fork } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchPack } from '../lib/packs';
import { fmt } from '../lib/timing';
import { log } from '../lib/report';

/** Measurement 4: single-subject evaluation over HTTP on loopback against a bare constant endpoint, same app, same run. */
export interface HttpFigures {
  mounted: string;
  durationS: number;
  connections: number;
  evaluate: { rps: number; p99Ms: number; p50Ms: number; errors: number; non2xx: number };
  bare: { rps: number; p99Ms: number; p50Ms: number; errors: number; non2xx: number };
  ratio: number;
}

function cannon(url: string, body: string, duration: number, connections: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json' }, duration, connections }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

export async function measureHttp(duration: number, connections = 10): Promise<HttpFigures> {
  const bp = benchPack('rehab-member-stars', '1.0.0');
  const [subject] = bp.subjects(1, 3);
  const body = JSON.stringify({ periods: [{ period: '2024', subjects: [subject] }] });
  // The server runs in its own process so autocannon and Nest each have a core.
  const child = fork(join(__dirname, '..', 'http', 'app.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: { port: number }) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`bench app exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const evalUrl = `${base}/orgs/bench/packs/rehab-member-stars/evaluate`;
    const check = await fetch(evalUrl, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const out = (await check.json()) as { periods?: { results: { outputs: unknown }[] }[] };
    if (check.status !== 200 || !out.periods) throw new Error(`evaluate answered ${check.status}: ${JSON.stringify(out)}`);
    // Warm up both routes, then alternate them twice and keep each route's better half-run.
    await cannon(evalUrl, body, 2, connections);
    await cannon(`${base}/bare`, body, 2, connections);
    const half = Math.max(1, Math.round(duration / 2));
    const runs = { evaluate: [] as autocannon.Result[], bare: [] as autocannon.Result[] };
    for (let r = 0; r < 2; r++) {
      runs.evaluate.push(await cannon(evalUrl, body, half, connections));
      runs.bare.push(await cannon(`${base}/bare`, body, half, connections));
    }
    const merge = (rs: autocannon.Result[]) => ({
      rps: rs.reduce((a, r) => a + r.requests.total, 0) / rs.reduce((a, r) => a + r.duration, 0),
      p99Ms: Math.max(...rs.map((r) => r.latency.p99)),
      p50Ms: rs.reduce((a, r) => a + r.latency.p50, 0) / rs.length,
      errors: rs.reduce((a, r) => a + r.errors, 0),
      non2xx: rs.reduce((a, r) => a + r.non2xx, 0),
    });
    const evaluate = merge(runs.evaluate);
    const bare = merge(runs.bare);
    log(`  http: evaluate ${fmt(evaluate.rps, 0)} req/s p99 ${evaluate.p99Ms} ms; bare ${fmt(bare.rps, 0)} req/s p99 ${bare.p99Ms} ms`);
    return {
      mounted: "server's PackRunner (server/src/packs/pack-runner.service.ts: compile cache, validateEnvelope, evaluate) behind a Nest controller shaped like POST /orgs/:orgId/packs/:packId/evaluate, without the database, auth and deployment look-up of the real route",
      durationS: half * 2,
      connections,
      evaluate,
      bare,
      ratio: evaluate.rps / bare.rps,
    };
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
  }
}
