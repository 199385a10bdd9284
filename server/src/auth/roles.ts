import { SetMetadata } from '@nestjs/common';

/** What a user may do; a user holds one or several. */
export const ROLES = ['admin', 'author', 'publisher', 'deployer', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'kp:roles';
export const PUBLIC_KEY = 'kp:public';

/** The route needs one of these roles (besides the organisation scope its service checks). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** The route needs no login. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
