import { http } from './http';

export type Role = 'admin' | 'author' | 'publisher' | 'deployer' | 'analyst' | 'viewer';

export interface Principal {
  id: string;
  username: string;
  roles: Role[];
  orgId: string;
  orgPath: string;
}

export interface LoginReply {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: Principal;
}

export interface Me {
  id: string;
  username: string;
  roles: Role[];
  org: { id: string; nameZh: string; nameEn: string; level: string; path: string };
}

export const login = (username: string, password: string) => http.post<LoginReply>('/auth/login', { username, password });
export const fetchMe = () => http.get<Me>('/auth/me');
