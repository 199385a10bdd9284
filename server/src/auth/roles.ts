import { SetMetadata } from '@nestjs/common';

/** What a user may do; a user holds one or several. */
export const ROLES = ['admin', 'author', 'publisher', 'deployer', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** The roles' names as users read them (messages name roles by these, never by the code). */
export const ROLE_NAMES: Record<Role, { 'zh-CN': string; en: string }> = {
  admin: { 'zh-CN': '管理员', en: 'administrator' },
  author: { 'zh-CN': '作者', en: 'author' },
  publisher: { 'zh-CN': '发布人', en: 'publisher' },
  deployer: { 'zh-CN': '部署管理员', en: 'deployment administrator' },
  analyst: { 'zh-CN': '分析员', en: 'analyst' },
  viewer: { 'zh-CN': '查阅人', en: 'viewer' },
};

export const ROLES_KEY = 'kp:roles';
export const PUBLIC_KEY = 'kp:public';

/** The route needs one of these roles (besides the organisation scope its service checks). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** The route needs no login. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
