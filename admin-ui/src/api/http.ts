/** The one place the UI talks HTTP: bearer token, JSON, ETags, and server errors turned into ApiError values. */

import type { I18nText, PointerProblem } from '@kaoping/api';

/** The server's shapes (server/src/api-types), shared with it: a renamed field breaks `npm run typecheck`. */
export type { I18nText, PointerProblem };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: I18nText,
    readonly problems: PointerProblem[] = [],
    readonly body: unknown = null,
  ) {
    super(text.en || text['zh-CN']);
    this.name = 'ApiError';
  }

  /** The message in the UI language; a validation failure lists its first problems by pointer. */
  describe(locale: string): string {
    const head = pick(this.text, locale);
    if (!this.problems.length) return head;
    const lines = this.problems.slice(0, 5).map((p) => `${p.path || '/'}：${pick(p.message, locale)}`);
    const more = this.problems.length > 5 ? (locale === 'en' ? ` (+${this.problems.length - 5} more)` : `（另有 ${this.problems.length - 5} 项）`) : '';
    return `${head}\n${lines.join('\n')}${more}`;
  }
}

export function pick(t: I18nText | string | undefined | null, locale: string): string {
  if (t == null) return '';
  if (typeof t === 'string') return t;
  return (locale === 'en' ? t.en : t['zh-CN']) || t['zh-CN'] || t.en || '';
}

const FALLBACK: Record<number, I18nText> = {
  0: { 'zh-CN': '无法连接服务器，请检查网络。', en: 'Cannot reach the server.' },
  401: { 'zh-CN': '未登录或登录已过期，请重新登录。', en: 'Not logged in or the session expired.' },
  403: { 'zh-CN': '无权执行此操作。', en: 'You may not do this.' },
  404: { 'zh-CN': '资源不存在。', en: 'Not found.' },
  409: { 'zh-CN': '操作冲突，请刷新后重试。', en: 'Conflict; reload and try again.' },
  422: { 'zh-CN': '校验未通过。', en: 'Validation failed.' },
  500: { 'zh-CN': '服务器内部错误，请稍后重试。', en: 'Internal server error.' },
};

/** Turn any error response body into an ApiError (bodies follow server/src/common/error.filter.ts). */
export function toApiError(status: number, body: unknown): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const code = typeof b.error === 'string' ? b.error : `Http${status}`;
  const problems = Array.isArray(b.errors) ? (b.errors as PointerProblem[]).filter((e) => e && typeof e.path === 'string') : [];
  let text: I18nText | undefined;
  const m = b.message;
  if (m && typeof m === 'object' && typeof (m as I18nText).en === 'string') text = m as I18nText;
  else if (typeof m === 'string') text = { 'zh-CN': m, en: m };
  if (!text && code === 'ValidationFailed') {
    text = b.target === 'input'
      ? { 'zh-CN': '输入数据不符合要求：', en: 'The input is invalid:' }
      : { 'zh-CN': '方案或参数校验未通过：', en: 'The pack or parameters are invalid:' };
  }
  text ??= FALLBACK[status] ?? FALLBACK[Math.floor(status / 100) * 100] ?? { 'zh-CN': `请求失败（${status}）`, en: `Request failed (${status})` };
  return new ApiError(status, code, text, problems, body);
}

type TokenSource = () => string | null;
let tokenSource: TokenSource = () => null;
let onUnauthorized: () => void = () => {};

/** The session store registers how to read the token and what to do when the server says 401. */
export function configureHttp(opts: { token: TokenSource; unauthorized: () => void }): void {
  tokenSource = opts.token;
  onUnauthorized = opts.unauthorized;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  /** Return the Response itself (downloads). */
  raw?: boolean;
  signal?: AbortSignal;
}

export interface Reply<T> {
  data: T;
  etag: string | null;
  status: number;
}

export const API_BASE = '/api/v1';

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const qs = query
    ? Object.entries(query)
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
        .join('&')
    : '';
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

export async function send<T>(method: string, path: string, opts: RequestOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const token = tokenSource();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData || opts.body instanceof Blob) body = opts.body;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body, signal: opts.signal });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw toApiError(0, null);
  }
  if (!res.ok) {
    let errBody: unknown = null;
    try {
      errBody = await res.json();
    } catch {
      errBody = null;
    }
    if (res.status === 401 && token) onUnauthorized();
    throw toApiError(res.status, errBody);
  }
  const etag = res.headers.get('ETag');
  if (opts.raw) return { data: res as unknown as T, etag, status: res.status };
  const text = res.status === 204 ? '' : await res.text();
  return { data: (text ? JSON.parse(text) : null) as T, etag, status: res.status };
}

export const http = {
  get: async <T>(path: string, opts?: RequestOptions) => (await send<T>('GET', path, opts)).data,
  post: async <T>(path: string, body?: unknown, opts?: RequestOptions) => (await send<T>('POST', path, { ...opts, body })).data,
  put: async <T>(path: string, body?: unknown, opts?: RequestOptions) => (await send<T>('PUT', path, { ...opts, body })).data,
  patch: async <T>(path: string, body?: unknown, opts?: RequestOptions) => (await send<T>('PATCH', path, { ...opts, body })).data,
  del: async <T>(path: string, opts?: RequestOptions) => (await send<T>('DELETE', path, opts)).data,
};

/** Save a Response body as a file (exports). */
export async function download(res: Response, fallbackName: string): Promise<void> {
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(cd);
  const name = m ? decodeURIComponent(m[1] ?? m[2]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
