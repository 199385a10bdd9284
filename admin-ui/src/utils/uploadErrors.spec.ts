import { describe, expect, it } from 'vitest';
import { toApiError } from '@/api/http';
import { errorLine, pageOf, uploadProblems } from './uploadErrors';

const msg = (zh: string, en: string) => ({ 'zh-CN': zh, en });

describe('errorLine', () => {
  it('writes the Excel row, the column header and the message', () => {
    const e = { row: 12, column: '自评·班子建设', pointer: '/periods/0/subjects/10/input/self/leadership', message: msg('不能大于 20', 'must be at most 20') };
    expect(errorLine(e, 'zh-CN')).toBe('第 12 行 · 自评·班子建设：不能大于 20');
    expect(errorLine(e, 'en')).toBe('Row 12 · 自评·班子建设: must be at most 20');
  });

  it('names only the column when the whole column is missing', () => {
    expect(errorLine({ row: null, column: '命案数', message: msg('找不到列 "命案数"', 'no column') }, 'zh-CN')).toBe('命案数：找不到列 "命案数"');
  });

  it('falls back to the pointer when neither row nor column is known, and to the message alone', () => {
    expect(errorLine({ row: null, column: null, path: '/periods/0/subjects', message: '至少需要一个对象' }, 'zh-CN')).toBe('/periods/0/subjects：至少需要一个对象');
    expect(errorLine({ row: null, column: null, message: '文件是空的' }, 'zh-CN')).toBe('文件是空的');
    expect(errorLine({ row: 3, column: null, message: msg('编号重复', 'duplicate id') }, 'zh-CN')).toBe('第 3 行：编号重复');
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 37 }, (_, k) => k + 1);

  it('cuts pages of the given size and counts them', () => {
    expect(pageOf(items, 1, 10)).toEqual({ items: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], page: 1, pages: 4 });
    expect(pageOf(items, 4, 10)).toEqual({ items: [31, 32, 33, 34, 35, 36, 37], page: 4, pages: 4 });
  });

  it('clamps a page past the end or before the start', () => {
    expect(pageOf(items, 9, 10).page).toBe(4);
    expect(pageOf(items, 0, 10).items[0]).toBe(1);
    expect(pageOf([], 3, 10)).toEqual({ items: [], page: 1, pages: 1 });
  });

  it('shows every item across the pages, none twice', () => {
    const seen = [1, 2, 3, 4].flatMap((p) => pageOf(items, p, 10).items);
    expect(seen).toEqual(items);
  });
});

describe('uploadProblems', () => {
  it('reads every error of the body with row and column, not only those with a path', () => {
    const errors = Array.from({ length: 1500 }, (_, k) => ({ row: k + 2, column: '命案数', pointer: `/periods/0/subjects/${k}/homicides`, message: msg('必须是整数', 'must be an integer') }));
    const e = toApiError(422, { error: 'UploadInvalid', message: msg('上传的文件有 1500 处错误，未保存。', '1500 errors'), target: 'input', total: 1500, errors });
    const p = uploadProblems(e)!;
    expect(p.total).toBe(1500);
    expect(p.errors).toHaveLength(1500);
    expect(p.errors[1499]).toEqual({ row: 1501, column: '命案数', pointer: '/periods/0/subjects/1499/homicides', path: '/periods/0/subjects/1499/homicides', kind: undefined, message: msg('必须是整数', 'must be an integer') });
  });

  it('keeps a missing column (row null) and a path-only problem', () => {
    const e = toApiError(422, { errors: [{ row: null, column: '期间', pointer: '/periods', message: 'x' }, { path: '/a', message: 'y' }] });
    expect(uploadProblems(e)!.errors.map((x) => [x.row, x.column, x.path])).toEqual([[null, '期间', '/periods'], [null, null, '/a']]);
  });

  it('is null for other errors', () => {
    expect(uploadProblems(toApiError(403, null))).toBeNull();
    expect(uploadProblems(toApiError(422, { error: 'NoDeployment', message: msg('未部署', 'none') }))).toBeNull();
    expect(uploadProblems(new Error('x'))).toBeNull();
  });
});
