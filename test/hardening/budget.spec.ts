/**
 * Issue 14, round 2: a budget for every evaluation. On the built server as a child process (real PostgreSQL):
 * a pack of three nested reduce over 1,000-element arrays (10⁹ steps) on /packs/test and /packs/try ends in 422
 * BudgetExceeded by pointer while /api/health keeps answering in under a second; a 28,000-subject chengzhuang
 * envelope on the stored evaluate is a 413 and health stays under a second; a `__proto__` subject keeps its
 * trace (stored and recomputed) and reproduce compares traces; a cat doubling a string 40 times is a 422.
 * The pool's wall-time and memory budgets are checked on the pool itself (a task the step budget does not stop).
 */
import { benchPack, periodOf } from '../../bench/lib/packs';
import { EvalPool } from '../../server/src/common/eval-pool/eval-pool';
import { branch, FOUR_STAR, TWO_STAR, probePack } from '../support/fixtures';
import { packCopy } from '../support/harness';
import { recordFigures } from './support/figures';
import { api, createDatabase, seedUsers, sql, startServer, waitFor, type ServerProcess } from './support/server-process';

const figures: Record<string, unknown> = {};
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Three nested reduce over constant 1,000-element arrays: 10⁹ additions. */
function nestedReduce(init: unknown) {
  const arr = range(1000);
  const add1 = { '+': [{ var: 'accumulator' }, 1] };
  const inner = { reduce: [arr, add1, 0] };
  const middle = { reduce: [arr, { '+': [{ var: 'accumulator' }, inner] }, 0] };
  return { reduce: [arr, { '+': [{ var: 'accumulator' }, middle] }, init] };
}

/** The nested reduce as a whole pack with a test case: about 12 KB of JSON. */
function nestedReducePack() {
  const outer = nestedReduce({ var: 'x' });
  const envelope = { periods: [{ period: '2024', subjects: [{ id: 's1', x: 0 }] }] };
  const pack = probePack('hz-nested-reduce', {
    input: { type: 'object', required: ['x'], properties: { x: { type: 'number' } } },
    rules: [{ kind: 'value', name: 'n', expr: outer }],
    outputs: ['n'],
  }) as unknown as Record<string, unknown>;
  pack.tests = [{ name: '10⁹ steps', input: envelope, expect: [{ period: '2024', id: 's1', outputs: { n: 1e9 } }] }];
  return { pack, envelope };
}

/** s0 = x + 'b', then s(k) = s(k−1) + s(k−1) forty times: 2^41 characters if nothing stopped it. */
function catBombPack() {
  const rules: object[] = [{ kind: 'value', name: 's0', expr: { cat: [{ var: 'x' }, 'b'] } }];
  for (let k = 1; k <= 40; k++) rules.push({ kind: 'value', name: `s${k}`, expr: { cat: [{ var: `s${k - 1}` }, { var: `s${k - 1}` }] } });
  rules.push({ kind: 'value', name: 'empty', expr: { '==': [{ var: 's40' }, ''] } });
  return probePack('hz-cat-bomb', { input: { type: 'object', required: ['x'], properties: { x: { type: 'string' } } }, rules, outputs: ['empty'] });
}

/**
 * Runs `work` while polling /api/health every 100 ms; answers the work's result and the slowest health answer.
 * A health call that does not answer within 5 s counts as 5,000 ms.
 */
async function withHealth<T>(s: ServerProcess, work: () => Promise<T>): Promise<{ result: T; healthMaxMs: number; healthCalls: number; workMs: number }> {
  let done = false;
  let max = 0;
  let calls = 0;
  const poll = (async () => {
    while (!done) {
      const t0 = Date.now();
      try {
        await s.health();
      } catch {
        /* timed out: counted below */
      }
      max = Math.max(max, Date.now() - t0);
      calls++;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const t0 = Date.now();
  // Let the first health call go out before the work starts.
  await new Promise((r) => setTimeout(r, 50));
  const result = await work();
  const workMs = Date.now() - t0;
  done = true;
  await poll;
  return { result, healthMaxMs: max, healthCalls: calls, workMs };
}

describe('evaluation budgets on the built server', () => {
  let db: { url: string; drop(): Promise<void> };
  let s: ServerProcess;
  let author: string;
  let analyst: string;
  let deployer: string;

  beforeAll(async () => {
    db = await createDatabase('budget');
    // Default budgets (KP_EVAL_* unset) but two: the body limit is raised, so that the 28,000-subject envelope
    // reaches the evaluation route whatever its exact size, and the wall-time budget is 20 s (KP_BUDGET_TIMEOUT_MS)
    // instead of 5 s, so that on a loaded machine the step and character budgets are what stops these packs (the
    // wall-time budget has its own test on the pool below).
    const env: Record<string, string> = { KP_BODY_LIMIT: String(16 * 1024 * 1024) };
    for (const k of Object.keys(process.env)) if (k.startsWith('KP_EVAL_')) env[k] = '';
    env.KP_EVAL_TIMEOUT_MS = process.env.KP_BUDGET_TIMEOUT_MS ?? '20000';
    s = await startServer(db.url, env);
    await seedUsers(db.url);
    author = await s.login('author');
    analyst = await s.login('analyst');
    deployer = await s.login('a.deployer');
    const publisher = await s.login('publisher');
    // rehab-branch-stars keeps its id: generating a dataset reads rule-packs/<id>/demo.json.
    for (const [from, id] of [
      ['rehab-branch-stars', 'hz-budget-stars'],
      ['chengzhuang-checklist-steps', 'hz-budget-cz'],
      ['rehab-branch-stars', 'rehab-branch-stars'],
    ]) {
      expect((await api(s, author, 'POST', '/api/v1/packs', { document: packCopy(from, id) })).status).toBe(201);
      expect((await api(s, publisher, 'POST', `/api/v1/packs/${id}/versions/1.0.0/publish`)).status).toBe(200);
      expect((await api(s, deployer, 'POST', '/api/v1/deployments', { orgId: 'town-a', packId: id, version: '1.0.0', effectiveFrom: '1900-01-01' })).status).toBe(201);
    }
  }, 240_000);

  afterAll(async () => {
    figures.loadAverage = (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10);
    recordFigures('budget', figures);
    await s?.kill('SIGTERM');
    await db?.drop();
  });

  it('the nested-reduce pack (10⁹ steps, ~12 KB) is a 422 BudgetExceeded at /document/rules/0 on /packs/test and /packs/try; health answers in under 1 s meanwhile', async () => {
    const { pack, envelope } = nestedReducePack();
    const bytes = Buffer.byteLength(JSON.stringify(pack));
    expect(bytes).toBeGreaterThan(11_000);
    expect(bytes).toBeLessThan(14_000);
    figures.nestedReducePackBytes = bytes;
    for (const [route, body] of [
      ['/api/v1/packs/test', { document: pack }],
      ['/api/v1/packs/try', { document: pack, envelope }],
    ] as const) {
      const r = await withHealth(s, () => api(s, analyst, 'POST', route, body));
      expect(r.result.status).toBe(422);
      expect(r.result.body.error).toBe('BudgetExceeded');
      expect(r.result.body.path).toBe('/document/rules/0');
      expect(r.result.body.errors).toEqual([
        {
          kind: 'BudgetExceeded',
          path: '/document/rules/0',
          message: {
            'zh-CN': expect.stringContaining('计算量超出限额：本次评估最多允许 10000000 次数组迭代'),
            en: expect.stringContaining('at most 10000000 array iterations'),
          },
        },
      ]);
      // Stopped by the step budget (the message above), not by the wall-time budget; the round trip includes
      // validating the pack on the server and, on a loaded machine, waiting for a core.
      expect(r.workMs).toBeLessThan(15_000);
      expect(r.healthMaxMs).toBeLessThan(1000);
      expect(r.healthCalls).toBeGreaterThan(0);
      figures[`nestedReduce ${route}`] = { status: r.result.status, ms: r.workMs, healthMaxMs: r.healthMaxMs, healthCalls: r.healthCalls };
      // eslint-disable-next-line no-console
      console.log(`[budget] ${route}: ${r.result.status} in ${r.workMs} ms, health max ${r.healthMaxMs} ms over ${r.healthCalls} calls`);
    }
  }, 120_000);

  it('publishing a draft of the nested-reduce pack runs its tests under the step budget: 422 BudgetExceeded at /rules/0, still a draft', async () => {
    const { pack } = nestedReducePack();
    expect((await api(s, author, 'POST', '/api/v1/packs', { document: pack })).status).toBe(201);
    const publisher = await s.login('publisher');
    const r = await withHealth(s, () => api(s, publisher, 'POST', '/api/v1/packs/hz-nested-reduce/versions/1.0.0/publish'));
    expect(r.result.status).toBe(422);
    expect(r.result.body).toMatchObject({ error: 'BudgetExceeded', path: '/rules/0' });
    // Publishing runs the tests on the event loop (inside its transaction), bounded by the step budget only:
    // health waits for those 10,000,000 iterations, so it is recorded here, not held under 1 s.
    expect((await sql<{ status: string }>(db.url, `SELECT status FROM pack_versions WHERE pack_id = 'hz-nested-reduce'`))[0].status).toBe('draft');
    figures.publishNestedReduce = { status: r.result.status, ms: r.workMs, healthMaxMs: r.healthMaxMs };
  }, 60_000);

  it('a cat doubling a string 40 times is a 422 BudgetExceeded at the rule where the characters run out', async () => {
    const pack = catBombPack();
    const envelope = { periods: [{ period: '2024', subjects: [{ id: 's1', x: 'a' }] }] };
    const r = await api(s, analyst, 'POST', '/api/v1/packs/try', { document: pack, envelope });
    // Rule k builds 2^(k+1) characters; the budget of 10,000,000 runs out at rule 22 (2^23 more would pass it).
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: 'BudgetExceeded', path: '/document/rules/22' });
    expect(r.body.errors[0].message.en).toContain('at most 10000000 characters built by cat/substr');
    expect(r.body.errors[0].message.en).toContain('/rules/22/expr/cat');
    figures.catBomb = { status: r.status, path: r.body.path };
  }, 60_000);

  it('the dry-run and try still answer a normal pack with its trace (the try panel)', async () => {
    const env = { periods: [{ period: '2024', subjects: [branch('b1', FOUR_STAR), branch('b2', TWO_STAR)] }] };
    const dry = await api(s, analyst, 'POST', '/api/v1/packs/hz-budget-stars/versions/1.0.0/evaluate?trace=1', env);
    expect(dry.status).toBe(200);
    expect(dry.body.periods[0].results.map((x: { outputs: { stars: number } }) => x.outputs.stars)).toEqual([4, 2]);
    expect(dry.body.periods[0].results[0].trace.length).toBeGreaterThan(0);
    const tried = await api(s, analyst, 'POST', '/api/v1/packs/try', { document: packCopy('rehab-branch-stars', 'hz-budget-stars'), envelope: env });
    expect(tried.status).toBe(200);
    expect(tried.body).toEqual(dry.body);
  }, 60_000);

  it('simulate on a draft: a variant document with the nested reduce fails its job with BudgetExceeded at /rules/3; health stays under 1 s', async () => {
    const ds = await api(s, analyst, 'POST', '/api/v1/datasets/generate', { packId: 'rehab-branch-stars', version: '1.0.0', name: 'budget', n: 20, seed: 3 });
    expect(ds.status).toBe(201);
    const doc = packCopy('rehab-branch-stars', 'rehab-branch-stars') as unknown as { rules: Record<string, unknown>[] };
    expect(doc.rules[3].name).toBe('score');
    doc.rules[3].expr = { '+': [doc.rules[3].expr, { '*': [0, nestedReduce(0)] }] };
    delete doc.rules[3].formula;
    const r = await withHealth(s, async () => {
      const job = await api(s, analyst, 'POST', '/api/v1/simulations', { datasetId: ds.body.id, baseline: { packId: 'rehab-branch-stars', version: '1.0.0' }, variants: [{ name: 'bomb', document: doc }] });
      expect(job.status).toBe(202);
      const id = job.body.id as string;
      let row: { status: string; error: any } | undefined;
      await waitFor('the simulation to end', async () => {
        row = (await sql<{ status: string; error: any }>(db.url, `SELECT status, error FROM simulation_jobs WHERE id = $1`, [id]))[0];
        return ['completed', 'failed', 'cancelled'].includes(row.status);
      }, 120_000, 200);
      return row!;
    });
    expect(r.result.status).toBe('failed');
    expect(r.result.error).toMatchObject({ kind: 'Invalid', target: 'pack', errors: [{ kind: 'BudgetExceeded', path: '/rules/3', message: { en: expect.stringContaining('at most 10000000 array iterations') } }] });
    expect(r.healthMaxMs).toBeLessThan(1000);
    figures.simulateDraft = { status: r.result.status, ms: r.workMs, healthMaxMs: r.healthMaxMs, path: r.result.error.errors[0].path };
  }, 180_000);

  it('a 28,000-subject chengzhuang envelope on the stored evaluate is a 413 pointing to the simulation route; health stays under 1 s; nothing stored', async () => {
    const bp = benchPack('chengzhuang-checklist-steps', '1.0.0');
    const envelope = { periods: [{ period: periodOf(bp.pack), subjects: bp.subjects(28_000, 14) }] };
    const bytes = Buffer.byteLength(JSON.stringify(envelope));
    const r = await withHealth(s, () => api(s, deployer, 'POST', '/api/v1/orgs/town-a/packs/hz-budget-cz/evaluate', envelope, 120_000));
    expect(r.result.status).toBe(413);
    expect(r.result.body).toMatchObject({ error: 'EvaluationTooLarge', limit: 2000, subjectPeriods: 28_000, batchRoute: '/api/v1/simulations' });
    expect(r.result.body.message['zh-CN']).toContain('模拟任务');
    expect(r.healthMaxMs).toBeLessThan(1000);
    expect((await sql<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM evaluations`))[0].n).toBe(0);
    figures.stored28000 = { envelopeBytes: bytes, status: r.result.status, ms: r.workMs, healthMaxMs: r.healthMaxMs, healthCalls: r.healthCalls };
    // eslint-disable-next-line no-console
    console.log(`[budget] stored evaluate, 28,000 subjects (${bytes} bytes): ${r.result.status} in ${r.workMs} ms, health max ${r.healthMaxMs} ms`);

    // 2,000 subjects, the limit, is stored (without its trace) and read back.
    const small = { periods: [{ period: periodOf(bp.pack), subjects: bp.subjects(2000, 15) }] };
    const ok = await withHealth(s, () => api(s, deployer, 'POST', '/api/v1/orgs/town-a/packs/hz-budget-cz/evaluate', small, 120_000));
    expect(ok.result.status).toBe(201);
    const row = (await sql<{ trace: unknown; n: number }>(db.url, `SELECT trace, jsonb_array_length(results)::int AS n FROM evaluations`))[0];
    expect(row).toEqual({ trace: null, n: 2000 });
    expect(ok.healthMaxMs).toBeLessThan(1000);
    figures.stored2000 = { status: ok.result.status, ms: ok.workMs, healthMaxMs: ok.healthMaxMs };
  }, 240_000);

  it('a subject with id __proto__ (and constructor) keeps its trace: stored with ?trace=true, recomputed without; reproduce compares the trace', async () => {
    const subjects = [branch('__proto__', FOUR_STAR), branch('constructor', TWO_STAR), branch('b3', FOUR_STAR)];
    // Stored with its trace.
    const stored = await api(s, deployer, 'POST', '/api/v1/orgs/town-a/packs/hz-budget-stars/evaluate?trace=true', { periods: [{ period: '2021', subjects }] });
    expect(stored.status).toBe(201);
    const id = stored.body.periods[0].evaluationId as string;
    const col = (await sql<{ keys: string[] }>(db.url, `SELECT array(SELECT jsonb_object_keys(trace)) AS keys FROM evaluations WHERE id = $1`, [id]))[0];
    expect(col.keys.sort()).toEqual(['__proto__', 'b3', 'constructor']);
    const got = await api(s, deployer, 'GET', `/api/v1/evaluations/${id}?trace=true`);
    expect(got.status).toBe(200);
    expect(got.body.traceSource).toBe('stored');
    const traces = new Map<string, { rule: string }[]>(got.body.results.map((x: { id: string; trace: { rule: string }[] }) => [x.id, x.trace]));
    expect(got.body.results.map((x: { id: string; outputs: { stars: number } }) => [x.id, x.outputs.stars])).toEqual([
      ['__proto__', 4],
      ['constructor', 2],
      ['b3', 4],
    ]);
    expect(traces.get('__proto__')!.map((e) => e.rule)).toEqual(traces.get('b3')!.map((e) => e.rule));
    expect(traces.get('__proto__')!.length).toBeGreaterThan(0);
    expect(traces.get('constructor')!.length).toBe(traces.get('b3')!.length);
    const same = await api(s, deployer, 'POST', `/api/v1/evaluations/${id}/reproduce`);
    expect(same.body).toMatchObject({ identical: true, traceCompared: true, differences: [] });

    // A stored trace altered behind the application is reported by reproduce, by pointer.
    await sql(db.url, `ALTER TABLE evaluations DISABLE TRIGGER USER`);
    await sql(db.url, `UPDATE evaluations SET trace = jsonb_set(trace, '{__proto__,0,value}', '"forged"') WHERE id = $1`, [id]);
    await sql(db.url, `ALTER TABLE evaluations ENABLE TRIGGER USER`);
    const differs = await api(s, deployer, 'POST', `/api/v1/evaluations/${id}/reproduce`);
    expect(differs.body.identical).toBe(false);
    expect(differs.body.differences).toEqual([{ path: '/trace/__proto__/0/value', stored: 'forged', reproduced: got.body.results[0].trace[0].value }]);

    // Stored without a trace: GET ?trace=true recomputes it from the snapshot, the same entries.
    const plain = await api(s, deployer, 'POST', '/api/v1/orgs/town-a/packs/hz-budget-stars/evaluate', { periods: [{ period: '2022', subjects }] });
    expect(plain.status).toBe(201);
    const id2 = plain.body.periods[0].evaluationId as string;
    expect((await sql<{ trace: unknown }>(db.url, `SELECT trace FROM evaluations WHERE id = $1`, [id2]))[0].trace).toBeNull();
    const again = await api(s, deployer, 'GET', `/api/v1/evaluations/${id2}?trace=true`);
    expect(again.body.traceSource).toBe('recomputed');
    const t2 = new Map<string, { rule: string }[]>(again.body.results.map((x: { id: string; trace: { rule: string }[] }) => [x.id, x.trace]));
    expect(t2.get('__proto__')!.map((e) => e.rule)).toEqual(traces.get('__proto__')!.map((e) => e.rule));
    expect(t2.get('constructor')!.length).toBe(traces.get('constructor')!.length);
    expect((await api(s, deployer, 'POST', `/api/v1/evaluations/${id2}/reproduce`)).body).toMatchObject({ identical: true, traceCompared: false });
    figures.protoSubject = { storedKeys: col.keys, traceEntries: traces.get('__proto__')!.length, forgedDifference: differs.body.differences[0]?.path };
  }, 120_000);
});

describe('the evaluation pool: wall-time and memory budgets', () => {
  it('a task the step budget does not stop is terminated at the wall-time budget (422, pointer ""), and the next task runs on a fresh thread', async () => {
    const pool = new EvalPool();
    Object.assign(pool.limits, { workers: 1, timeoutMs: 1500, maxSteps: 1e15 });
    try {
      const { pack, envelope } = nestedReducePack();
      const t0 = Date.now();
      const e = await pool.run({ kind: 'evaluate', document: pack as never, hash: 'nested', envelope, trace: false }).then(
        () => null,
        (x: { getStatus(): number; getResponse(): any }) => x,
      );
      const ms = Date.now() - t0;
      expect(e!.getStatus()).toBe(422);
      expect(e!.getResponse()).toEqual({
        error: 'BudgetExceeded',
        path: '',
        message: { 'zh-CN': '评估超出时间限额（1500 毫秒），已中止。请减少数据量或简化规则中的数组运算。', en: 'the evaluation ran past its time budget (1500 ms) and was stopped' },
        errors: [{ kind: 'BudgetExceeded', path: '', message: expect.any(Object) }],
      });
      expect(ms).toBeGreaterThanOrEqual(1500);
      figures.wallTimeStopMs = ms;
      Object.assign(pool.limits, { timeoutMs: 60_000 });
      const ok = JSON.parse(await pool.run({ kind: 'evaluate', document: catBombPack() as never, hash: 'cat', envelope: { periods: [{ period: '2024', subjects: [{ id: 's', x: 'a' }] }] }, trace: false }).catch((x) => JSON.stringify(x.getResponse())));
      // The fresh thread has the step budget off but the character budget on: the cat bomb still stops at rule 22.
      expect(ok).toMatchObject({ error: 'BudgetExceeded', path: '/rules/22' });
    } finally {
      await pool.onModuleDestroy();
    }
  }, 120_000);

  it('a dry-run answer over KP_EVAL_MAX_RESPONSE_BYTES is a 413 naming the limit; at the limit it is answered whole', async () => {
    const pool = new EvalPool();
    Object.assign(pool.limits, { workers: 1, timeoutMs: 60_000 });
    try {
      const pack = packCopy('rehab-branch-stars', 'hz-budget-stars');
      const envelope = { periods: [{ period: '2024', subjects: range(20).map((i) => branch(`b${i}`, i % 2 ? FOUR_STAR : TWO_STAR)) }] };
      const task = (trace: boolean) => pool.run({ kind: 'evaluate', document: pack, hash: 'stars', envelope, trace }, { zh: '请不带追踪。', en: 'Leave out the trace.' });
      const traced = await task(true);
      const plain = await task(false);
      const plainBytes = Buffer.byteLength(plain);
      // The capped serialisation is JSON.stringify's, byte for byte.
      expect(traced).toBe(JSON.stringify(JSON.parse(traced)));
      expect(JSON.parse(traced).periods[0].results[0].trace.length).toBeGreaterThan(0);
      Object.assign(pool.limits, { maxResponseBytes: plainBytes });
      expect(await task(false)).toBe(plain);
      const e = await task(true).then(() => null, (x: { getStatus(): number; getResponse(): any }) => x);
      expect(e!.getStatus()).toBe(413);
      expect(e!.getResponse()).toEqual({
        error: 'ResponseTooLarge',
        limit: plainBytes,
        message: {
          'zh-CN': `结果超过 ${plainBytes} 字节的上限（KP_EVAL_MAX_RESPONSE_BYTES）。请不带追踪。`,
          en: `The result is larger than the limit of ${plainBytes} bytes (KP_EVAL_MAX_RESPONSE_BYTES). Leave out the trace.`,
        },
      });
      figures.responseBytes20 = { plain: plainBytes, traced: Buffer.byteLength(traced) };
    } finally {
      await pool.onModuleDestroy();
    }
  }, 120_000);

  it('a task that outgrows the heap budget is a 422 BudgetExceeded (memory), and the pool keeps working', async () => {
    const pool = new EvalPool();
    Object.assign(pool.limits, { workers: 1, timeoutMs: 60_000, memoryMb: 64, maxSteps: 1e15 });
    try {
      // merge(acc, acc) doubles an array on each of 60 iterations.
      const pack = probePack('hz-merge-bomb', {
        input: { type: 'object', required: ['x'], properties: { x: { type: 'number' } } },
        rules: [{ kind: 'value', name: 'n', expr: { count: [{ reduce: [range(60), { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [{ var: 'x' }]] }] } }],
        outputs: ['n'],
      });
      const envelope = { periods: [{ period: '2024', subjects: [{ id: 's', x: 1 }] }] };
      const e = await pool.run({ kind: 'evaluate', document: pack, hash: 'merge', envelope, trace: false }).then(
        () => null,
        (x: { getStatus(): number; getResponse(): any }) => x,
      );
      expect(e!.getStatus()).toBe(422);
      expect(e!.getResponse()).toMatchObject({ error: 'BudgetExceeded', path: '', message: { en: 'the evaluation ran past its memory budget (64 MB) and was stopped' } });
      const small = probePack('hz-small', { input: { type: 'object', required: ['x'], properties: { x: { type: 'number' } } }, rules: [{ kind: 'value', name: 'n', expr: { '+': [{ var: 'x' }, 1] } }], outputs: ['n'] });
      const out = JSON.parse(await pool.run({ kind: 'evaluate', document: small, hash: 'small', envelope, trace: false }));
      expect(out.periods[0].results).toEqual([{ id: 's', outputs: { n: 2 } }]);
    } finally {
      await pool.onModuleDestroy();
    }
  }, 120_000);
});
