/**
 * Simulations and datasets (issue 5). Every route the simulation pages use is here, so a change of the
 * server's routes touches this file only.
 */
import { listEvaluations, getEvaluation } from './evaluations';
import type { DatasetSummary, SimulationJob, StoredSimulationResult, SubjectTraces } from '@kaoping/api';
import { ApiError, http, send } from './http';

export interface VariantInput {
  name: string;
  /** Another version of the same pack (absent: the baseline version). */
  version?: string;
  /** Parameter overrides by dotted name; `starBands.3` sets one element. */
  parameters?: Record<string, unknown>;
}

export interface SweepInput {
  parameter: string;
  from: number;
  to: number;
  step: number;
}

export interface NewSimulation {
  packId: string;
  version: string;
  /** Start from a deployment: its version with the locality's own parameter values (instead of packId/version). */
  deploymentId?: string;
  datasetId: string;
  variants: VariantInput[];
}

// the shapes are the server's (server/src/api-types, via the @kaoping/api path); the result is the engine's
// SimulationResult as stored (server/src/engine/simulate/types.ts)
export type { ChangedSubject, DatasetSummary, JobStatus, SimulationJob, SimulationSummary, SubjectTraces, VariantResult } from '@kaoping/api';
export type SimulationResult = StoredSimulationResult;

export const listDatasets = async (packId?: string) => (await http.get<DatasetSummary[]>('/datasets')).filter((d) => !packId || d.packId === packId);

/**
 * The demo data of a pack, as a dataset. The server has no route for rule-packs/<id>/demo.json, so the UI
 * gathers what the demo seed stored: the input snapshots of the pack's current evaluations at one locality.
 */
export async function demoDataset(packId: string, version: string, name: string): Promise<DatasetSummary> {
  const current = (await listEvaluations({ packId, limit: 1000 })).filter((e) => e.current);
  if (!current.length) throw new ApiError(404, 'NoDemoData', { 'zh-CN': '该方案没有已存的考评数据可作演示数据。', en: 'This pack has no stored evaluations to use as demo data.' });
  const orgId = current[current.length - 1].orgId;
  const mine = current.filter((e) => e.orgId === orgId).sort((a, b) => (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : 0));
  const periods = [];
  for (const e of mine) periods.push((await getEvaluation(e.id)).input);
  return http.post<DatasetSummary>('/datasets', { packId, version, name, envelope: { periods } });
}

/** How a synthetic dataset is made: from the pack's demo data, or from its input schema alone (a new scheme has no demo data). */
export type GenerateFrom = 'demo' | 'schema';

/** A generated dataset; without `from` the server uses the demo data when the pack has some, else the input schema. */
export const generateDataset = (packId: string, version: string, name: string, n: number, seed: number, from?: GenerateFrom) =>
  http.post<DatasetSummary>('/datasets/generate', { packId, version, name, n, seed, ...(from ? { from } : {}) });

/** The fill-in .xlsx of a pack version: Chinese headers, a 填写说明 sheet; filled in, it uploads as it is. */
export async function datasetTemplate(packId: string, version: string): Promise<Response> {
  return (
    await send<Response>('GET', `/datasets/templates/${encodeURIComponent(packId)}/${encodeURIComponent(version)}`, {
      raw: true,
      headers: { Accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    })
  ).data;
}

export interface ColumnMapping {
  period: string;
  id: string;
  fields?: Record<string, string>;
}

/** Upload an .xlsx or .csv file; a file with errors imports nothing and every error names its row and column. */
export function uploadDataset(packId: string, version: string, file: File, mapping: ColumnMapping): Promise<DatasetSummary> {
  const format = /\.csv$/i.test(file.name) ? 'csv' : 'xlsx';
  return http.post<DatasetSummary>('/datasets/upload', file, {
    query: { packId, version, name: file.name, format, mapping: JSON.stringify(mapping) },
    headers: { 'Content-Type': 'application/octet-stream' },
  });
}

const sim = (id: string) => `/simulations/${encodeURIComponent(id)}`;

export const startSimulation = (s: NewSimulation) =>
  http.post<SimulationJob>('/simulations', { datasetId: s.datasetId, baseline: baselineOf(s), variants: s.variants });

function baselineOf(s: NewSimulation) {
  return s.deploymentId ? { deploymentId: s.deploymentId } : { packId: s.packId, version: s.version };
}

/** A sweep is its own job: one summary row per step, on top of the given variant's overrides. */
export const startSweep = (s: NewSimulation, sweep: SweepInput, variant?: number) =>
  http.post<SimulationJob>('/simulations/sweep', {
    datasetId: s.datasetId,
    baseline: baselineOf(s),
    variants: s.variants,
    sweep: variant === undefined ? sweep : { ...sweep, variant },
  });

export const getSimulation = (id: string) => http.get<SimulationJob>(sim(id));
export const getSimulationResult = (id: string) => http.get<StoredSimulationResult>(`${sim(id)}/result`);
export const cancelSimulation = (id: string) => http.post<SimulationJob>(`${sim(id)}/cancel`);
export const subjectTrace = (id: string, variant: string, period: string, subject: string) =>
  http.get<SubjectTraces>(`${sim(id)}/trace`, { query: { variant, period, subject } });

export async function exportSimulation(id: string): Promise<Response> {
  return (await send<Response>('GET', `${sim(id)}/export.xlsx`, { raw: true, headers: { Accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } })).data;
}
