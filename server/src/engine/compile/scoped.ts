import { truthy, overSteps, type BudgetCell } from './runtime';

/**
 * Array operators of JSON Logic; `f` is a hoisted function of one item (the item is its data). Each charges its
 * iterations to the evaluation's budget (`B`, the compiled pack's cell) once per call: map/filter/reduce the
 * array's length before the loop, all/some/none the items they looked at; `at` is the operator's pointer.
 */
export const SCOPED_HELPERS = {
  $map(a: unknown, f: (d: unknown) => unknown, B: BudgetCell, at: string): unknown[] {
    if (!Array.isArray(a)) return [];
    const b = B.b;
    if ((b.steps -= a.length) < 0) overSteps(b, at);
    return a.map((d) => f(d));
  },
  $filter(a: unknown, f: (d: unknown) => unknown, B: BudgetCell, at: string): unknown[] {
    if (!Array.isArray(a)) return [];
    const b = B.b;
    if ((b.steps -= a.length) < 0) overSteps(b, at);
    return a.filter((d) => truthy(f(d)));
  },
  $all(a: unknown, f: (d: unknown) => unknown, B: BudgetCell, at: string): boolean {
    if (!Array.isArray(a) || !a.length) return false;
    let i = 0;
    let r = true;
    for (; i < a.length; i++) if (!truthy(f(a[i]))) { r = false; i++; break; }
    const b = B.b;
    if ((b.steps -= i) < 0) overSteps(b, at);
    return r;
  },
  $none(a: unknown, f: (d: unknown) => unknown, B: BudgetCell, at: string): boolean {
    if (!Array.isArray(a) || !a.length) return true;
    let i = 0;
    let r = true;
    for (; i < a.length; i++) if (truthy(f(a[i]))) { r = false; i++; break; }
    const b = B.b;
    if ((b.steps -= i) < 0) overSteps(b, at);
    return r;
  },
  $some(a: unknown, f: (d: unknown) => unknown, B: BudgetCell, at: string): boolean {
    if (!Array.isArray(a) || !a.length) return false;
    let i = 0;
    let r = false;
    for (; i < a.length; i++) if (truthy(f(a[i]))) { r = true; i++; break; }
    const b = B.b;
    if ((b.steps -= i) < 0) overSteps(b, at);
    return r;
  },
  $reduce(a: unknown, f: (c: unknown, acc: unknown) => unknown, initial: unknown, B: BudgetCell, at: string): unknown {
    if (!Array.isArray(a)) return initial;
    const b = B.b;
    if ((b.steps -= a.length) < 0) overSteps(b, at);
    return a.reduce((acc, c) => f(c, acc), initial);
  },
  $betweenLt(a: any, b: any, c: any): boolean {
    return c === undefined ? a < b : a < b && b < c;
  },
  $betweenLe(a: any, b: any, c: any): boolean {
    return c === undefined ? a <= b : a <= b && b <= c;
  },
};
