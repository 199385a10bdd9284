import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, configureHttp, send, toApiError } from './http';

describe('toApiError', () => {
  it('keeps every problem of a validation failure with its pointer', () => {
    const e = toApiError(422, {
      error: 'ValidationFailed',
      target: 'pack',
      errors: [
        { kind: 'UnknownVariable', path: '/rules/3/expr', message: { 'zh-CN': '未知变量 scor', en: 'unknown variable scor' } },
        { kind: 'BandsOverlap', path: '/parameters/starBands/value/3', message: { 'zh-CN': '分数线须递增', en: 'bounds must increase' } },
      ],
    });
    expect(e.status).toBe(422);
    expect(e.code).toBe('ValidationFailed');
    expect(e.problems.map((p) => p.path)).toEqual(['/rules/3/expr', '/parameters/starBands/value/3']);
    expect(e.describe('zh-CN')).toBe('方案或参数校验未通过：\n/rules/3/expr：未知变量 scor\n/parameters/starBands/value/3：分数线须递增');
    expect(e.describe('en')).toContain('/rules/3/expr：unknown variable scor');
  });

  it('reads a bilingual message and extra fields of a 409', () => {
    const e = toApiError(409, { error: 'StaleRevision', message: { 'zh-CN': '草稿已被他人修改', en: 'changed by someone else' }, currentRevision: 4 });
    expect(e.describe('zh-CN')).toBe('草稿已被他人修改');
    expect((e.body as { currentRevision: number }).currentRevision).toBe(4);
  });

  it('falls back to a message by status when the body says nothing', () => {
    expect(toApiError(403, null).describe('zh-CN')).toBe('无权执行此操作。');
    expect(toApiError(502, 'bad gateway').describe('en')).toBe('Internal server error.');
    expect(toApiError(0, null).describe('zh-CN')).toBe('无法连接服务器，请检查网络。');
  });

  it('counts the problems it leaves out', () => {
    const errors = Array.from({ length: 7 }, (_, i) => ({ path: `/periods/0/subjects/${i}/key`, message: { 'zh-CN': '超出范围', en: 'out of range' } }));
    expect(toApiError(400, { error: 'ValidationFailed', target: 'input', errors }).describe('zh-CN').split('\n').pop()).toBe('/periods/0/subjects/4/key：超出范围（另有 2 项）');
  });
});

describe('send', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the bearer token and If-Match, and returns the ETag', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ revision: 5 }), { status: 200, headers: { ETag: '"5"', 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    configureHttp({ token: () => 'tok', unauthorized: () => {} });
    const r = await send<{ revision: number }>('PUT', '/packs/p/versions/1.1.0', { body: { a: 1 }, headers: { 'If-Match': '"4"' } });
    expect(r).toEqual({ data: { revision: 5 }, etag: '"5"', status: 200 });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/packs/p/versions/1.1.0');
    expect(init.headers).toMatchObject({ Authorization: 'Bearer tok', 'If-Match': '"4"', 'Content-Type': 'application/json' });
    expect(init.body).toBe('{"a":1}');
  });

  it('throws an ApiError for a 409 and does not log out', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'StaleRevision', message: { 'zh-CN': '已被修改', en: 'stale' } }), { status: 409 })));
    const unauthorized = vi.fn();
    configureHttp({ token: () => 'tok', unauthorized });
    const err = await send('PUT', '/x').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('StaleRevision');
    expect(unauthorized).not.toHaveBeenCalled();
  });

  it('calls the session handler on 401 with a token', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 401 })));
    const unauthorized = vi.fn();
    configureHttp({ token: () => 'expired', unauthorized });
    await expect(send('GET', '/packs')).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toHaveBeenCalledTimes(1);
  });

  it('turns a network failure into status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    configureHttp({ token: () => null, unauthorized: () => {} });
    await expect(send('GET', '/packs')).rejects.toMatchObject({ status: 0, code: 'Http0' });
  });

  it('encodes query parameters and skips empty ones', async () => {
    const fetch = vi.fn(async () => new Response('[]', { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    configureHttp({ token: () => null, unauthorized: () => {} });
    await send('GET', '/evaluations', { query: { packId: 'a b', period: '', limit: 5 } });
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe('/api/v1/evaluations?packId=a%20b&limit=5');
  });
});
