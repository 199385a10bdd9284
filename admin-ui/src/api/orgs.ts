import type { Org } from '@kaoping/api';
import { http } from './http';

export type { Org, OrgLevel } from '@kaoping/api';

export const listOrgs = () => http.get<Org[]>('/orgs');
