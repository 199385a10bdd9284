import { http } from './http';

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
}

export interface NewDeployment {
  orgId: string;
  packId: string;
  version: string;
  effectiveFrom: string;
}

export const listDeployments = (q: { orgId?: string; packId?: string } = {}) => http.get<Deployment[]>('/deployments', { query: q });
export const createDeployment = (d: NewDeployment) => http.post<Deployment>('/deployments', d);
export const deleteDeployment = (id: string) => http.del<void>(`/deployments/${encodeURIComponent(id)}`);
