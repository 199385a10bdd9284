import { http, type I18nText } from './http';

export interface Deployment {
  id: string;
  orgId: string;
  packId: string;
  version: string;
  /** YYYY-MM-DD: the version is in force for periods starting on or after it. */
  effectiveFrom: string;
  createdBy: string;
  createdAt: string;
  orgNameZh?: string;
  orgNameEn?: string;
  /** The locality's own values of local parameters ({} = the pack's values). */
  parameters?: Record<string, number | number[]>;
  /** The version's local parameters: label, unit, the province's default and range. */
  localParameters?: LocalParameter[];
}

/** A parameter a locality may set within the province's range (server: engine/compile/local.ts localParameters). */
export interface LocalParameter {
  name: string;
  label: I18nText;
  unit: string | null;
  description: I18nText | null;
  default: number | number[];
  min: number;
  max: number;
}

export interface NewDeployment {
  orgId: string;
  packId: string;
  version: string;
  effectiveFrom: string;
  parameters?: Record<string, number | number[]>;
}

export const listDeployments = (q: { orgId?: string; packId?: string } = {}) => http.get<Deployment[]>('/deployments', { query: q });
export const createDeployment = (d: NewDeployment) => http.post<Deployment>('/deployments', d);
export const getDeployment = (id: string) => http.get<Deployment>(`/deployments/${encodeURIComponent(id)}`);
/** Replace the locality's values (422 by pointer, /parameters/<name>, when one is outside its range). */
export const setDeploymentParameters = (id: string, parameters: Record<string, number | number[]>) =>
  http.patch<Deployment>(`/deployments/${encodeURIComponent(id)}`, { parameters });
export const deleteDeployment = (id: string) => http.del<void>(`/deployments/${encodeURIComponent(id)}`);
