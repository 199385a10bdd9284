import type { LoginReply, Me } from '@kaoping/api';
import { http } from './http';

// the shapes are the server's (server/src/api-types, via the @kaoping/api path)
export type { LoginReply, Me, Principal, Role } from '@kaoping/api';

export const login = (username: string, password: string) => http.post<LoginReply>('/auth/login', { username, password });
export const fetchMe = () => http.get<Me>('/auth/me');
