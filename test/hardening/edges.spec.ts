/**
 * Round 2, edges (issue 14, items 3, 4, 6, 7, 9, 10, 11): credential changes end old tokens; NUL and lone
 * surrogates anywhere in a request are a 400 by pointer, before login too; nesting 300,000 deep is a 422 by
 * pointer; a taken or reserved pack id gets one answer whoever holds it; weak passwords are refused; a login
 * flood on one user does not lock out the others behind the same address; and, on the built server as a child
 * process, six concurrent xlsx zip bombs leave it up under 1 GB, and the embedded database starts and serves
 * load without connection time-outs.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createTestApp, packCopy, TEST_PASSWORD, type TestApp } from '../support/harness';
import { recordFigures } from './support/figures';
import { REPO_ROOT } from './support/packs';
import { createDatabase, freePort, MAIN, seedUsers, sql, startServer, waitFor, type ServerProcess } from './support/server-process';
import { Semaphore, uploadAdmission } from '../../server/src/datasets/xlsx-limits';

const figures: Record<string, unknown> = {};
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp('hz_edges');
}, 120_000);
afterAll(async () => {
  recordFigures('edges', figures);
  await t?.close();
});

const idOf = async (username: string) => (await t.sql<{ id: string }>(`SELECT id FROM users WHERE username = $1`, [username]))[0].id;
const login = (username: string, password = TEST_PASSWORD) => t.http.post('/api/v1/auth/login').send({ username, password });
const me = (token: string) => t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

describe('tokens carry the credential version', () => {
  /** Logs in, applies the change as admin, and answers whether the token of before still works. */
  const oldTokenAfter = async (username: string, change: Record<string, unknown>) => {
    const token = (await login(username).expect(200)).body.accessToken as string;
    await me(token).expect(200);
    await t.as('admin').patch(`/api/v1/users/${await idOf(username)}`).send(change).expect(200);
    return { token, status: (await me(token)).status };
  };

  it('a password change: the old token gets 401, the new password logs in', async () => {
    expect((await oldTokenAfter('a.viewer', { password: 'Another-long-pass-7' })).status).toBe(401);
    await me((await login('a.viewer', 'Another-long-pass-7').expect(200)).body.accessToken).expect(200);
  });

  it('a role change and an organisation change: the old token gets 401, a new login has the change', async () => {
    expect((await oldTokenAfter('a.deployer', { roles: ['deployer', 'viewer'] })).status).toBe(401);
    expect((await me((await login('a.deployer').expect(200)).body.accessToken).expect(200)).body.roles).toEqual(['deployer', 'viewer']);
    expect((await oldTokenAfter('a.publisher', { orgId: 'basic-a' })).status).toBe(401);
    expect((await me((await login('a.publisher').expect(200)).body.accessToken).expect(200)).body.org.id).toBe('basic-a');
  });

  it('a disable and then an enable: the token of before the disable stays dead; a new login works', async () => {
    const { token, status } = await oldTokenAfter('a.analyst', { disabled: true });
    expect(status).toBe(401);
    await login('a.analyst').expect(403);
    await t.as('admin').patch(`/api/v1/users/${await idOf('a.analyst')}`).send({ disabled: false }).expect(200);
    await me(token).expect(401);
    await me((await login('a.analyst').expect(200)).body.accessToken).expect(200);
    const versions = await t.sql<{ username: string; token_version: number }>(`SELECT username, token_version FROM users WHERE username IN ('a.viewer', 'a.deployer', 'a.publisher', 'a.analyst') ORDER BY username`);
    expect(versions).toEqual([
      { username: 'a.analyst', token_version: 2 },
      { username: 'a.deployer', token_version: 1 },
      { username: 'a.publisher', token_version: 1 },
      { username: 'a.viewer', token_version: 1 },
    ]);
  });

  it('a change of no credential (display name, the same roles) keeps tokens', async () => {
    const { status } = await oldTokenAfter('a.author', { displayName: '甲镇编写员', roles: ['author'] });
    expect(status).toBe(200);
  });
});

describe('NUL and lone surrogates: 400 by pointer at the edge', () => {
  const expectBad = (res: { status: number; body: { errors?: { kind: string; path: string; message: Record<string, string> }[] } }, path: string) => {
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ kind: 'InvalidInput', path, message: { 'zh-CN': expect.stringMatching(/空字符|代理字符/), en: expect.any(String) } }]);
  };

  it('in the login username and password, before login', async () => {
    expectBad(await t.http.post('/api/v1/auth/login').send({ username: 'a\u0000b', password: 'x' }), '/username');
    expectBad(await t.http.post('/api/v1/auth/login').send({ username: 'viewer', password: 'pass\u0000word' }), '/password');
    expectBad(await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":"\\ud800x","password":"p"}'), '/username');
    expectBad(await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":"viewer","password":"\\udc00"}'), '/password');
  });

  it('in path and query parameters', async () => {
    expectBad(await t.as('viewer').get('/api/v1/packs/a%00b'), 'path:id');
    expectBad(await t.as('viewer').get('/api/v1/packs/rehab/versions/1.0.0%00'), 'path:version');
    expectBad(await t.as('viewer').get('/api/v1/packs/x/diff?from=1.0.0%00&to=1.1.0'), 'query:from');
    expectBad(await t.as('viewer').get('/api/v1/results?period=2024%00'), 'query:period');
    // an unauthenticated request with a NUL query is refused before anything else
    expectBad(await t.http.get('/api/v1/packs?packId=%00'), 'query:packId');
  });

  it('in body strings and keys at any depth: names, subject ids, object keys', async () => {
    expectBad(await t.as('admin').post('/api/v1/orgs').send({ id: 'nul-org', parentId: 'town-a', nameZh: '甲\u0000', nameEn: 'x', level: 'basic' }), '/nameZh');
    const subjects = [0, 1, 2, 3].map((i) => ({ id: i === 3 ? 's\u00003' : `s${i}` }));
    expectBad(await t.as('a.deployer').post('/api/v1/orgs/town-a/packs/any/evaluate').send({ periods: [{ period: '2024', subjects }] }), '/periods/0/subjects/3/id');
    expectBad(await t.as('a.deployer').post('/api/v1/orgs/town-a/packs/any/evaluate').send({ periods: [{ period: '2024', subjects: [{ id: 's', 'a/b\u0000': 1 }] }] }), '/periods/0/subjects/0/a~1b\u0000');
    const doc = { ...packCopy('rehab-branch-stars', 'hz-edge-nul'), title: { 'zh-CN': '星级\ud800', en: 'x' } };
    expectBad(await t.as('author').post('/api/v1/packs').send({ document: doc }), '/document/title/zh-CN');
    expect(await t.sql(`SELECT id FROM orgs WHERE id = 'nul-org'`)).toEqual([]);
    expect(await t.sql(`SELECT id FROM packs WHERE id = 'hz-edge-nul'`)).toEqual([]);
  });
});

describe('nesting 300,000 deep: 422 by pointer, never 500', () => {
  const N = 300_000;
  const deep = (open: string, close: string, inner: string) => open.repeat(N) + inner + close.repeat(N);

  it('parameters and scopes of an evaluation, a stored evaluation and a simulation', async () => {
    const started = Date.now();
    const params = `{"periods":[{"period":"2024","subjects":[{"id":"s1"}]}],"parameters":{"starBands":${deep('{"a":', '}', '1')}}}`;
    const r1 = await t.as('a.deployer').post('/api/v1/orgs/town-a/packs/any/evaluate').set('Content-Type', 'application/json').send(params);
    expect(r1.status).toBe(422);
    expect(r1.body.errors).toEqual([{ kind: 'InvalidInput', path: '/parameters/starBands/a/a', message: { 'zh-CN': expect.stringContaining('嵌套层数过多'), en: expect.any(String) } }]);
    const scopes = `{"periods":[{"period":"2024","subjects":[{"id":"s1"}],"scopes":{"k":${deep('[', ']', '1')}}}]}`;
    const r2 = await t.as('analyst').post('/api/v1/packs/rehab-branch-stars/versions/1.0.0/evaluate').set('Content-Type', 'application/json').send(scopes);
    expect(r2.status).toBe(422);
    expect(r2.body.errors[0].path).toBe('/periods/0/scopes/k');
    const sim = `{"datasetId":"00000000-0000-4000-8000-000000000000","baseline":{"packId":"x","version":"1.0.0","parameters":${deep('{"p":', '}', '0')}}}`;
    const r3 = await t.as('analyst').post('/api/v1/simulations').set('Content-Type', 'application/json').send(sim);
    expect(r3.status).toBe(422);
    expect(r3.body.errors[0].path).toBe('/baseline/parameters/p/p');
    // a bare array body, 300,000 deep (JSON.parse reads it; nothing walks it recursively)
    const r4 = await t.as('author').post('/api/v1/packs/validate').set('Content-Type', 'application/json').send(deep('[', ']', ''));
    expect(r4.status).toBe(422);
    expect(r4.body.errors[0].path).toBe('/0/0/0/0');
    figures.deep300kMs = Date.now() - started;
    await t.http.get('/api/health').expect(200);
  }, 60_000);
});

describe('pack ids: one answer whoever holds the id', () => {
  it('an id of town-a, of town-b and a seed id are the same 409 PackIdNotAvailable to a locality; the province may give a seed id', async () => {
    await t.as('a.author').post('/api/v1/packs').send({ document: packCopy('rehab-branch-stars', 'hz-edge-own') }).expect(201);
    await t.as('b.author').post('/api/v1/packs').send({ document: packCopy('rehab-branch-stars', 'hz-edge-foreign') }).expect(201);
    // town-a cannot see the foreign pack
    await t.as('a.author').get('/api/v1/packs/hz-edge-foreign').expect(404);
    const answers = [];
    for (const id of ['hz-edge-own', 'hz-edge-foreign', 'rehab-member-stars']) {
      const res = await t.as('a.author').post('/api/v1/packs').send({ document: packCopy('rehab-branch-stars', id) });
      answers.push({ status: res.status, body: JSON.parse(JSON.stringify(res.body).split(id).join('<id>')) });
    }
    expect(answers[0]).toEqual({
      status: 409,
      body: { error: 'PackIdNotAvailable', message: { 'zh-CN': '方案编号 <id> 不可用，请换一个。', en: 'The pack id <id> is not available; choose another.' }, path: '/document/id' },
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await t.sql(`SELECT id FROM packs WHERE id = 'rehab-member-stars'`)).toEqual([]);
    // the province's author may create a seed id, for itself or for a locality
    await t.as('author').post('/api/v1/packs').send({ ownerOrgId: 'town-b', document: packCopy('rehab-member-stars', 'rehab-member-stars') }).expect(201);
    const again = await t.as('author').post('/api/v1/packs').send({ document: packCopy('rehab-member-stars', 'rehab-member-stars') });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('PackIdNotAvailable');
  });
});

describe('passwords', () => {
  it('weak passwords are 422 at /password in Chinese; a strong one is accepted', async () => {
    const body = (password: string, username = 'c.new') => ({ username, password, roles: ['viewer'], orgId: 'town-a' });
    const cases: [string, string, RegExp][] = [
      ['aaaaaaaa', 'c.new', /至少 10 个字符/],
      ['aaaaaaaaaaaa', 'c.new', /同一个字符/],
      ['1234567890', 'c.new', /过于常见/],
      ['Password123', 'c.new', /过于常见/],
      ['Kaoping@2024', 'c.new', /过于常见/],
      ['c.new.longname', 'c.new.longname', /用户名/],
    ];
    for (const [password, username, zh] of cases) {
      const res = await t.as('admin').post('/api/v1/users').send(body(password, username));
      expect([password, res.status]).toEqual([password, 422]);
      expect(res.body.errors).toEqual([{ kind: 'InvalidInput', path: '/password', message: { 'zh-CN': expect.stringMatching(zh), en: expect.any(String) } }]);
    }
    expect(await t.sql(`SELECT 1 FROM users WHERE username IN ('c.new', 'c.new.longname')`)).toEqual([]);
    await t.as('admin').post('/api/v1/users').send(body('群众满意-2024-甲镇')).expect(201);
    await login('c.new', '群众满意-2024-甲镇').expect(200);
  });
});

describe('login limits per username and per address', () => {
  it('a wrong-password flood on one user locks that user (429, Retry-After), not another user behind the same address', async () => {
    const limited = await createTestApp('hz_edges_login', { config: { loginLimitPerMinute: 10, loginLimitPerAddress: 16 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await limited.http.post('/api/v1/auth/login').send({ username: 'a.viewer', password: 'wrong-password' })).status);
      expect(statuses).toEqual([...Array(10).fill(401), ...Array(20).fill(429)]);
      const locked = await limited.http.post('/api/v1/auth/login').send({ username: 'a.viewer', password: TEST_PASSWORD });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(locked.body.message['zh-CN']).toMatch(/登录尝试过于频繁/);
      // the same address, another user: not locked
      await limited.http.post('/api/v1/auth/login').send({ username: 'b.viewer', password: TEST_PASSWORD }).expect(200);
      figures.floodOneUser = { attempts: 30, refused429: statuses.filter((s) => s === 429).length, otherUserStatus: 200 };
      // many users from one address: the address limit (16) counts only the attempts let through
      const spray: number[] = [];
      for (const u of ['admin', 'author', 'publisher']) {
        for (let i = 0; i < 3; i++) spray.push((await limited.http.post('/api/v1/auth/login').send({ username: u, password: 'wrong-password' })).status);
      }
      // 10 (a.viewer) + 1 (b.viewer) + 5 of the 9 sprayed reach the limit of 16
      expect(spray).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429]);
      figures.addressLimit = { limit: 16, sprayed: 9, refused429: 4 };
    } finally {
      await limited.close();
    }
  }, 300_000);
});

describe('xlsx limits in process: cell length, compression ratio, the upload queue', () => {
  const upload = (file: Buffer) =>
    t
      .as('analyst')
      .post(`/api/v1/datasets/upload?packId=hz-edge-xl&version=1.0.0&name=x&format=xlsx&mapping=${encodeURIComponent(JSON.stringify({ period: 'period', id: 'id', fields: {} }))}`)
      .set('Content-Type', 'application/octet-stream')
      .send(file);

  it('a cell over 32,767 characters and an entry inflating 1000:1 are 413 naming the limit; nothing is stored', async () => {
    await t.publish(packCopy('rehab-branch-stars', 'hz-edge-xl'));
    const before = await t.sql(`SELECT count(*)::int AS n FROM datasets`);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('subjects');
    ws.addRow(['period', 'id']);
    ws.addRow(['2024', 'x'.repeat(40_000)]);
    const long = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(long.status).toBe(413);
    expect(long.body).toMatchObject({ error: 'UploadLimitExceeded', limit: 'cellChars', max: 32_767, found: 40_000, path: '/file' });
    expect(long.body.message['zh-CN']).toBe('工作表「subjects」第 2 行第 2 列的单元格有 40000 个字符，超过上限 32767 个。');
    const { honest } = await xlsxBombs(8 / 1024); // 8 MB of one letter: about 1000:1
    const ratio = await upload(honest);
    expect(ratio.status).toBe(413);
    expect(ratio.body).toMatchObject({ error: 'UploadLimitExceeded', limit: 'ratio', max: 200 });
    expect(ratio.body.message['zh-CN']).toMatch(/压缩比为 \d+:1，超过上限 200:1/);
    expect(await t.sql(`SELECT count(*)::int AS n FROM datasets`)).toEqual(before);
  }, 60_000);

  it('the upload queue: two run, the next waits its turn, one past the queue is 503 with Retry-After', async () => {
    const q = new Semaphore(2, 1, 5_000);
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const job = (name: string) => q.run(async () => {
      order.push(`start ${name}`);
      await gate;
      order.push(`end ${name}`);
      return name;
    });
    const a = job('a');
    const b = job('b');
    const c = job('c');
    await new Promise((r) => setTimeout(r, 20));
    const d = await job('d').then(() => null, (e: { getStatus(): number; getResponse(): Record<string, unknown> }) => [e.getStatus(), e.getResponse().error, e.getResponse().retryAfter]);
    expect(d).toEqual([503, 'UploadsBusy', 10]);
    expect(order).toEqual(['start a', 'start b']);
    release();
    expect(await Promise.all([a, b, c])).toEqual(['a', 'b', 'c']);
    expect(order.indexOf('start c')).toBeGreaterThan(order.indexOf('end a'));
  });
});

describe('upload bodies share a memory budget before they are buffered', () => {
  it('a body that would pass the budget is 503 UploadsBusy with Retry-After, unread; the budget frees when an upload ends', () => {
    const admit = uploadAdmission(100, 1000);
    const fakeRes = () => {
      const r = Object.assign(new EventEmitter(), { code: 0, headers: {} as Record<string, string>, body: null as unknown });
      return Object.assign(r, {
        setHeader: (k: string, v: string) => void (r.headers[k] = v),
        status: (n: number) => ((r.code = n), r),
        json: (b: unknown) => ((r.body = b), r),
      });
    };
    const call = (len?: number) => {
      const res = fakeRes();
      let passed = false;
      admit({ headers: len === undefined ? {} : { 'content-length': String(len) } } as never, res as never, () => (passed = true));
      return { res, passed };
    };
    const first = call(60);
    expect(first.passed).toBe(true);
    const second = call(60);
    expect([second.passed, second.res.code, second.res.headers['Retry-After'], (second.res.body as { error: string }).error]).toEqual([false, 503, '10', 'UploadsBusy']);
    expect(call(40).passed).toBe(true); // 60 + 40 fits
    first.res.emit('finish');
    first.res.emit('close'); // released once
    expect(call(60).passed).toBe(true); // 40 + 60: exactly the budget
    expect(call(1).passed).toBe(false);
    expect(call().passed).toBe(false); // no Content-Length: counted as the raw limit (1000)
  });
});

describe('first start without demo data', () => {
  it('KP_DEMO=off without KP_ADMIN_PASSWORD, or with a weak one, does not start and says why', async () => {
    const db = await createDatabase('edges_admin');
    try {
      for (const [password, says] of [['', /KP_DEMO=off 时必须设置 KP_ADMIN_PASSWORD/], ['admin12345', /KP_ADMIN_PASSWORD 不符合要求：该密码过于常见/]] as const) {
        const err = await startServer(db.url, { KP_IMPORT_PACKS: 'on', KP_ADMIN_PASSWORD: password }).then(
          async (s) => {
            await s.kill('SIGTERM');
            return 'started';
          },
          (e: Error) => e.message,
        );
        expect(err).toMatch(says);
        expect(await sql(db.url, `SELECT count(*)::int AS n FROM users`)).toEqual([{ n: 0 }]);
      }
    } finally {
      await db.drop();
    }
  }, 240_000);
});

/** A zip entry as written by hand: the bomb's sizes may be the true ones or a lie. */
interface ZipEntry {
  name: string;
  method: 0 | 8;
  crc: number;
  data: Buffer;
  size: number;
}

function zipOf(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, e.data);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt32LE(e.crc >>> 0, 16);
    cd.writeUInt32LE(e.data.length, 20);
    cd.writeUInt32LE(e.size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + e.data.length;
  }
  const size = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/**
 * A real workbook whose first sheet's one cell is `gb` GiB of "A": the sheet XML is deflated as a stream (the
 * test never holds the gigabyte). `lie`: the zip declares the sheet 4 kB (a reader trusting sizes is fooled).
 */
async function xlsxBombs(gb: number): Promise<{ honest: Buffer; liar: Buffer }> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('subjects').addRow(['period', 'id']);
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  const sheetName = Object.keys(zip.files).find((n) => /^xl\/worksheets\/sheet1\.xml$/.test(n))!;
  const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>');
  const tail = Buffer.from('</t></is></c></row></sheetData></worksheet>');
  const chunk = Buffer.alloc(1024 * 1024, 'A');
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((r) => deflate.on('end', r));
  let crc = zlib.crc32(head);
  deflate.write(head);
  const n = Math.round(gb * 1024);
  for (let i = 0; i < n; i++) {
    crc = zlib.crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  }
  crc = zlib.crc32(tail, crc);
  deflate.end(tail);
  await done;
  const sheet = Buffer.concat(out);
  const trueSize = head.length + n * chunk.length + tail.length;
  const entries: ZipEntry[] = [];
  for (const [name, f] of Object.entries(zip.files)) {
    if (f.dir) continue;
    if (name === sheetName) {
      entries.push({ name, method: 8, crc, data: sheet, size: trueSize });
      continue;
    }
    const data = await f.async('nodebuffer');
    entries.push({ name, method: 8, crc: zlib.crc32(data), data: zlib.deflateRawSync(data), size: data.length });
  }
  return { honest: zipOf(entries), liar: zipOf(entries.map((e) => (e.name === sheetName ? { ...e, size: 4096 } : e))) };
}

describe('the built server as a child process', () => {
  it('six concurrent xlsx bombs (1 GiB in one cell, sizes true or lying): 413 each, the server stays up under 1 GB RSS', async () => {
    const db = await createDatabase('edges_bombs');
    let s: ServerProcess | null = null;
    try {
      s = await startServer(db.url);
      await seedUsers(db.url);
      const call = async (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
        fetch(`${s!.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...headers }, body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body) });
      const author = await s.login('author');
      const publisher = await s.login('publisher');
      const analyst = await s.login('a.analyst');
      expect((await call(author, 'POST', '/api/v1/packs', { document: packCopy('rehab-branch-stars', 'hz-edge-bomb') })).status).toBe(201);
      expect((await call(publisher, 'POST', '/api/v1/packs/hz-edge-bomb/versions/1.0.0/publish')).status).toBe(200);
      const { honest, liar } = await xlsxBombs(1);
      figures.bombBytes = { honest: honest.length, lying: liar.length, inflatesTo: 1024 * 1024 * 1024 };
      const mapping = encodeURIComponent(JSON.stringify({ period: 'period', id: 'id', fields: {} }));
      const path = `/api/v1/datasets/upload?packId=hz-edge-bomb&version=1.0.0&name=bomb&format=xlsx&mapping=${mapping}`;
      const rssBefore = s.rssKb();
      let peak = rssBefore;
      const sampler = setInterval(() => {
        try {
          peak = Math.max(peak, s!.rssKb());
        } catch {
          /* exited: the assertions below say so */
        }
      }, 20);
      const started = Date.now();
      const healthMs: number[] = [];
      const healthProbe = (async () => {
        while (Date.now() - started < 3000) {
          const h0 = Date.now();
          await s!.health();
          healthMs.push(Date.now() - h0);
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      const results = await Promise.all(
        [honest, liar, honest, liar, honest, liar].map(async (file) => {
          const res = await call(analyst, 'POST', path, file, { 'content-type': 'application/octet-stream' });
          return { status: res.status, body: (await res.json()) as { error: string; limit: string; message: Record<string, string> } };
        }),
      );
      await healthProbe;
      clearInterval(sampler);
      figures.bombs = { count: 6, ms: Date.now() - started, statuses: results.map((r) => r.status), limits: results.map((r) => r.body.limit), rssBeforeMb: Math.round(rssBefore / 1024), rssPeakMb: Math.round(peak / 1024), healthMaxMs: Math.max(...healthMs) };
      for (const r of results) {
        expect(r.status).toBe(413);
        expect(r.body.error).toBe('UploadLimitExceeded');
        expect(r.body.message['zh-CN']).toMatch(/xl\/worksheets\/sheet1\.xml/);
      }
      expect(results.map((r) => r.body.limit)).toEqual(['entryBytes', 'entryBytes', 'entryBytes', 'entryBytes', 'entryBytes', 'entryBytes']);
      expect(s.child.exitCode).toBeNull();
      expect(await s.health()).toBe(200);
      expect(peak).toBeLessThan(1024 * 1024);
      // an ordinary workbook is still read and stored
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('subjects');
      ws.addRow(['period', 'id']);
      ws.addRow(['2024', 's1']);
      const ok = await call(analyst, 'POST', path, Buffer.from(await wb.xlsx.writeBuffer()), { 'content-type': 'application/octet-stream' });
      expect([413, 503, 500]).not.toContain(ok.status);
    } finally {
      await s?.kill('SIGTERM');
      await db.drop();
    }
  }, 300_000);

  it('the embedded database (no DATABASE_URL): a clean start and some load log no connection time-out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-edges-pglite-'));
    const port = await freePort();
    const password = 'Edges-admin-2026!';
    const child = spawn(process.execPath, [MAIN], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: '', KP_DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', KP_DEMO: 'off', KP_IMPORT_PACKS: 'on', KP_ADMIN_PASSWORD: password, KP_ADMIN_UI_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    const exited = new Promise((r) => child.once('exit', r));
    const base = `http://127.0.0.1:${port}`;
    try {
      const startMs = await waitFor('the embedded server', async () => {
        if (child.exitCode !== null) throw new Error(`exited: ${log.slice(-3000)}`);
        return (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5000) })).status === 200;
      }, 280_000, 500);
      const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
      expect(res.status).toBe(200);
      const token = ((await res.json()) as { accessToken: string }).accessToken;
      const get = (p: string) => fetch(`${base}${p}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      const started = Date.now();
      const statuses: number[] = [];
      // 20 s of reads (packs, a version, orgs, health), four at a time, while pg-boss polls the same one connection
      while (Date.now() - started < 20_000) {
        statuses.push(...(await Promise.all([get('/api/v1/packs'), get('/api/v1/packs/rehab-branch-stars/versions/1.0.0'), get('/api/v1/orgs'), get('/api/health')])));
      }
      // past pg-boss's supervise and monitor cycle (10 s)
      await new Promise((r) => setTimeout(r, 12_000));
      figures.embedded = { startMs, requests: statuses.length, non200: statuses.filter((x) => x !== 200).length, timeoutLines: (log.match(/timeout exceeded/g) ?? []).length };
      expect(statuses.filter((x) => x !== 200)).toEqual([]);
      expect(log).not.toMatch(/timeout exceeded when trying to connect/);
      expect(log).not.toMatch(/simulation queue/);
      expect(log).not.toMatch(/ ERROR /);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 420_000);
});
