import { http } from './http';
import type { EvalSubjectResult } from './packs';

export interface EvaluationMeta {
  id: string;
  batchId: string;
  orgId: string;
  packId: string;
  version: string;
  contentHash: string;
  period: string;
  periodStart: string;
  parameters: Record<string, unknown> | null;
  subjects: number;
  createdBy: string;
  createdAt: string;
  orgNameZh: string;
  orgNameEn: string;
  /** The latest evaluation of its (organisation, pack, period). */
  current: boolean;
}

export interface Evaluation extends Omit<EvaluationMeta, 'subjects' | 'current' | 'orgNameZh' | 'orgNameEn'> {
  input: { period: string; subjects: ({ id: string } & Record<string, unknown>)[]; scopes?: Record<string, Record<string, unknown>> };
  results: EvalSubjectResult[];
  summary: Record<string, unknown>;
}

export const listEvaluations = (q: { orgId?: string; packId?: string; period?: string; limit?: number } = {}) => http.get<EvaluationMeta[]>('/evaluations', { query: q });
export const getEvaluation = (id: string, trace = false) => http.get<Evaluation>(`/evaluations/${encodeURIComponent(id)}`, { query: { trace: trace || undefined } });
export const reproduceEvaluation = (id: string) => http.post<{ identical: boolean; differences: unknown[] }>(`/evaluations/${encodeURIComponent(id)}/reproduce`);
