import { forbidden } from '../common/api-error';
import type { Principal } from './principal';
import { ROLE_NAMES, type Role } from './roles';

/** The organisation (by path) is the user's own or below it. */
export function inScope(p: Principal, orgPath: string): boolean {
  return orgPath.startsWith(p.orgPath);
}

/** The organisation (by path) is the user's own or above it: its published schemes reach the user. */
export function isAncestorOrSelf(orgPath: string, of: string): boolean {
  return of.startsWith(orgPath);
}

export function hasRole(p: Principal, ...roles: Role[]): boolean {
  return roles.some((r) => p.roles.includes(r));
}

export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!hasRole(p, ...roles)) {
    const zh = roles.map((r) => ROLE_NAMES[r]['zh-CN']).join('、');
    const en = roles.map((r) => ROLE_NAMES[r].en).join(', ');
    throw forbidden(`需要以下角色之一：${zh}。`, `This needs one of the roles: ${en}.`);
  }
}
