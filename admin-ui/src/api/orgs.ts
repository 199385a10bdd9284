import { http } from './http';

export interface Org {
  id: string;
  parentId: string | null;
  nameZh: string;
  nameEn: string;
  level: string;
  path: string;
}

export const listOrgs = () => http.get<Org[]>('/orgs');
