/**
 * A locality's assessment period (issue 20): the fill-in template, the upload of the filled file, its evaluation
 * (at once, or as a job with progress), what changed against the previous run, and the xlsx of the results.
 * The shapes are those of the contract the server's periods module implements.
 */
import type { EvaluationChanges, ExplainedEvaluation, PeriodEvaluated, PeriodJob, PeriodUpload } from '@kaoping/api';
import { http, send } from './http';

const enc = encodeURIComponent;
const periodPath = (orgId: string, packId: string, period: string) => `/orgs/${enc(orgId)}/packs/${enc(packId)}/periods/${enc(period)}`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// the shapes are the server's (server/src/api-types, via the @kaoping/api path)
export type { EvaluationChanges, ExplainedEvaluation, OutputChange, PeriodEvaluated, PeriodJob, PeriodJobState, PeriodUpload } from '@kaoping/api';

/** The fill-in workbook of a pack version (a Response, to be saved with `download`). */
export async function periodTemplate(packId: string, version: string): Promise<Response> {
  return (await send<Response>('GET', `/packs/${enc(packId)}/versions/${enc(version)}/template.xlsx`, { raw: true, headers: { Accept: XLSX } })).data;
}

/** Send the file's bytes as they are; the server tells xlsx from CSV by content. */
export function uploadPeriod(orgId: string, packId: string, period: string, file: Blob, filename?: string): Promise<PeriodUpload> {
  return http.post<PeriodUpload>(`${periodPath(orgId, packId, period)}/upload`, file, {
    query: { filename },
    headers: { 'Content-Type': 'application/octet-stream' },
  });
}

/** Evaluate a stored upload: the evaluation at once (201), or a job to poll (202). */
export async function evaluatePeriod(orgId: string, packId: string, period: string, uploadId: string): Promise<PeriodEvaluated | { jobId: string }> {
  return http.post<PeriodEvaluated | { jobId: string }>(`${periodPath(orgId, packId, period)}/evaluate`, { uploadId });
}

export const getPeriodJob = (jobId: string) => http.get<PeriodJob>(`/period-jobs/${enc(jobId)}`);
export const getChanges = (evaluationId: string) => http.get<EvaluationChanges>(`/evaluations/${enc(evaluationId)}/changes`);
export const getExplainedEvaluation = (id: string, locale: string) =>
  http.get<ExplainedEvaluation>(`/evaluations/${enc(id)}`, { query: { explain: locale === 'en' ? 'en' : 'zh-CN' } });

export async function exportEvaluation(evaluationId: string): Promise<Response> {
  return (await send<Response>('GET', `/evaluations/${enc(evaluationId)}/export.xlsx`, { raw: true, headers: { Accept: XLSX } })).data;
}
