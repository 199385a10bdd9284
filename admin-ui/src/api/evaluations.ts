import type { Evaluation, EvaluationMeta, ReproduceReply } from '@kaoping/api';
import { http } from './http';

// the shapes are the server's (server/src/api-types, via the @kaoping/api path)
export type { Evaluation, EvaluationMeta, ReproduceReply };

export const listEvaluations = (q: { orgId?: string; packId?: string; period?: string; limit?: number } = {}) => http.get<EvaluationMeta[]>('/evaluations', { query: q });
export const getEvaluation = (id: string, trace = false) => http.get<Evaluation>(`/evaluations/${encodeURIComponent(id)}`, { query: { trace: trace || undefined } });
export const reproduceEvaluation = (id: string) => http.post<ReproduceReply>(`/evaluations/${encodeURIComponent(id)}/reproduce`);
