/**
 * Simulations and datasets (issue 5). Every route the simulation pages use is here, so a change of the
 * server's routes touches this file only.
 */
import { buildUrl, http, send } from './http';

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
  datasetId: string;
  variants: VariantInput[];
  sweep?: SweepInput | null;
}

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface ChangedSubject {
  period: string;
  id: string;
  outputs: Record<string, [unknown, unknown]>;
  trace?: { before: unknown; after: unknown };
}

export interface SimulationSummary {
  subjects: number;
  changed: number;
  totals: Record<string, number>;
  counts: Record<string, Record<string, number>>;
  quotaRefused: Record<string, number>;
}

export interface VariantResult {
  name: string;
  pack: { id: string; version: string };
  parameters: Record<string, unknown>;
  distributions: Record<string, Record<string, number>>;
  transitions: Record<string, Record<string, Record<string, number>>>;
  changed: ChangedSubject[];
  changedCount: number;
  totals: Record<string, number>;
  totalsDelta: Record<string, number>;
  quotaPressure: Record<string, Record<string, number>>;
  breakdown: { by: string; groups: Record<string, { subjects: number; changed: number; totals: Record<string, [number, number]> }> } | null;
  summary: SimulationSummary;
}

export interface SimulationResult {
  baseline: {
    pack: { id: string; version: string };
    parameters: Record<string, unknown>;
    subjects: number;
    distributions: Record<string, Record<string, number>>;
    totals: Record<string, number>;
    quotaPressure: Record<string, Record<string, number>>;
    summary: SimulationSummary;
  };
  variants: VariantResult[];
  sweep: { value: number; summary: SimulationSummary }[];
}

export interface SimulationJob {
  id: string;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  error?: unknown;
  result?: SimulationResult | null;
  createdAt?: string;
}

export interface DatasetSummary {
  id: string;
  packId: string;
  name: string;
  source?: string;
  subjects?: number;
  periods?: string[];
  createdAt?: string;
}

export const listDatasets = (packId?: string) => http.get<DatasetSummary[]>('/datasets', { query: { packId } });
export const demoDataset = (packId: string) => http.post<DatasetSummary>('/datasets/demo', { packId });
export const generateDataset = (packId: string, n: number, seed: number) => http.post<DatasetSummary>('/datasets/generate', { packId, n, seed });

/** Upload an .xlsx or .csv file; a file with errors imports nothing and the error lists row and column. */
export function uploadDataset(packId: string, file: File): Promise<DatasetSummary> {
  const form = new FormData();
  form.append('packId', packId);
  form.append('file', file);
  return http.post<DatasetSummary>('/datasets/import', form);
}

export const startSimulation = (s: NewSimulation) => http.post<SimulationJob>('/simulations', s);
export const getSimulation = (id: string) => http.get<SimulationJob>(`/simulations/${encodeURIComponent(id)}`);
export const cancelSimulation = (id: string) => http.post<SimulationJob>(`/simulations/${encodeURIComponent(id)}/cancel`);

export async function exportSimulation(id: string): Promise<Response> {
  return (await send<Response>('GET', `/simulations/${encodeURIComponent(id)}/export`, { raw: true, headers: { Accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } })).data;
}
export const exportUrl = (id: string) => buildUrl(`/simulations/${encodeURIComponent(id)}/export`);
