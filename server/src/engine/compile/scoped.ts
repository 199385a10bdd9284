import { truthy } from './runtime';

/** Array operators of JSON Logic; `f` is a hoisted function of one item (the item is its data). */
export const SCOPED_HELPERS = {
  $map(a: unknown, f: (d: unknown) => unknown): unknown[] {
    return Array.isArray(a) ? a.map((d) => f(d)) : [];
  },
  $filter(a: unknown, f: (d: unknown) => unknown): unknown[] {
    return Array.isArray(a) ? a.filter((d) => truthy(f(d))) : [];
  },
  $all(a: unknown, f: (d: unknown) => unknown): boolean {
    if (!Array.isArray(a) || !a.length) return false;
    for (let i = 0; i < a.length; i++) if (!truthy(f(a[i]))) return false;
    return true;
  },
  $none(a: unknown, f: (d: unknown) => unknown): boolean {
    if (!Array.isArray(a) || !a.length) return true;
    for (let i = 0; i < a.length; i++) if (truthy(f(a[i]))) return false;
    return true;
  },
  $some(a: unknown, f: (d: unknown) => unknown): boolean {
    if (!Array.isArray(a) || !a.length) return false;
    for (let i = 0; i < a.length; i++) if (truthy(f(a[i]))) return true;
    return false;
  },
  $reduce(a: unknown, f: (c: unknown, acc: unknown) => unknown, initial: unknown): unknown {
    if (!Array.isArray(a)) return initial;
    return a.reduce((acc, c) => f(c, acc), initial);
  },
  $betweenLt(a: any, b: any, c: any): boolean {
    return c === undefined ? a < b : a < b && b < c;
  },
  $betweenLe(a: any, b: any, c: any): boolean {
    return c === undefined ? a <= b : a <= b && b <= c;
  },
};
