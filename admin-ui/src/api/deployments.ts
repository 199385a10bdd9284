import type { Deployment, LocalValue, NewDeployment } from '@kaoping/api';
import { http } from './http';

// the shapes are the server's (server/src/api-types, via the @kaoping/api path)
export type { Deployment, LocalParameter, LocalValue, NewDeployment } from '@kaoping/api';

export const listDeployments = (q: { orgId?: string; packId?: string } = {}) => http.get<Deployment[]>('/deployments', { query: q });
export const createDeployment = (d: NewDeployment) => http.post<Deployment>('/deployments', d);
export const getDeployment = (id: string) => http.get<Deployment>(`/deployments/${encodeURIComponent(id)}`);
/** Replace the locality's values (422 by pointer, /parameters/<name>, when one is outside its range). */
export const setDeploymentParameters = (id: string, parameters: Record<string, LocalValue>) =>
  http.patch<Deployment>(`/deployments/${encodeURIComponent(id)}`, { parameters });
export const deleteDeployment = (id: string) => http.del<void>(`/deployments/${encodeURIComponent(id)}`);
