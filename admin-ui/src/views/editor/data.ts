import type { PointerProblem } from '@/api/http';
import type { PackVersion } from '@/api/packs';
import { hasRole } from '@/stores/session';

export type PanelTab = 'problems' | 'tests' | 'try';

/** What the toolbar and tabs offer for this version and user (the server's @Roles of the calls behind them). */
export function editorActions(v: PackVersion | null) {
  const draft = v?.status === 'draft';
  return {
    canSave: draft && hasRole('author'),
    canPublish: draft && hasRole('publisher'),
    readOnly: !draft || !hasRole('author'),
    /** 试算 evaluates without storing: analyst, author, publisher, deployer (POST …/evaluate). */
    canTry: hasRole('analyst', 'author', 'publisher', 'deployer'),
  };
}

/** The JSON Pointer of a problem, server side or Monaco's own schema markers. */
export interface ProblemRow {
  source: 'server' | 'formula' | 'schema' | 'syntax';
  path: string;
  message: string;
  line: number;
  column: number;
}

export function parseOrError(text: string): { doc: Record<string, unknown> | null; error: string | null } {
  try {
    const doc = JSON.parse(text);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { doc: null, error: 'not an object' };
    return { doc, error: null };
  } catch (e) {
    return { doc: null, error: (e as Error).message };
  }
}

export const isStale = (code: string) => code === 'StaleRevision';
export const problemsOf = (list: PointerProblem[] | undefined) => list ?? [];

/** The period string a pack's period kind uses, for the try-it form's default. */
export function examplePeriod(kind: unknown, year = new Date().getFullYear()): string {
  if (kind === 'quarter') return `${year}-Q1`;
  if (kind === 'bimonth') return `${year}-B1`;
  return String(year);
}
