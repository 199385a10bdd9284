/**
 * The problems of a refused upload as the user reads them: one line per problem, "第 12 行 · 自评·班子建设：不能大于 20",
 * every one of them, a page at a time. Shared by the period upload and the simulation's dataset upload.
 */
import { ApiError, pick, type I18nText } from '@/api/http';

/** One problem of an uploaded file, by the row Excel shows (header = 1) and the column's header text. */
export interface UploadProblem {
  row: number | null;
  column: string | null;
  /** The JSON Pointer into the envelope the cell became. */
  pointer?: string;
  path?: string;
  kind?: string;
  message: I18nText | string;
}

/** The row and column first, then the message; a problem without a row (a missing column) names the column only. */
export function errorLine(e: UploadProblem, locale: string): string {
  const en = locale === 'en';
  const message = pick(e.message, locale);
  const where: string[] = [];
  if (e.row !== null && e.row !== undefined) where.push(en ? `Row ${e.row}` : `第 ${e.row} 行`);
  if (e.column) where.push(e.column);
  if (!where.length) {
    const p = e.pointer ?? e.path;
    return p ? `${p}${en ? ': ' : '：'}${message}` : message;
  }
  return `${where.join(' · ')}${en ? ': ' : '：'}${message}`;
}

/** The problems of page `page` (1-based, clamped to the pages there are) at `size` a page. */
export function pageOf<T>(items: T[], page: number, size: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / Math.max(1, size)));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { items: items.slice((p - 1) * size, p * size), page: p, pages };
}

/**
 * Every problem of a refused upload, read from the error body itself: `errors[]` with row and column (the
 * period upload's UploadInvalid, the dataset upload), whether a problem carries `path`, `pointer` or neither.
 * Null when the error is not a 422 with a list.
 */
export function uploadProblems(e: unknown): { total: number; errors: UploadProblem[] } | null {
  if (!(e instanceof ApiError) || e.status !== 422) return null;
  const body = (typeof e.body === 'object' && e.body !== null ? e.body : {}) as { errors?: unknown; total?: unknown };
  if (!Array.isArray(body.errors) || !body.errors.length) return null;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const errors = body.errors
    .filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
    .map((x) => ({
      row: typeof x.row === 'number' ? x.row : null,
      column: str(x.column) ?? null,
      pointer: str(x.pointer) ?? str(x.path),
      path: str(x.path) ?? str(x.pointer),
      kind: str(x.kind),
      message: (x.message ?? '') as I18nText | string,
    }));
  return { total: typeof body.total === 'number' ? Math.max(body.total, errors.length) : errors.length, errors };
}
