import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../api-types';

/** The logged-in user as every service sees it (the API's shape, server/src/api-types). */
export type { Principal } from '../api-types';

/** The system itself (first-start import and seeding). */
export const SYSTEM: Principal = { id: '00000000-0000-0000-0000-000000000000', username: 'system', roles: ['admin', 'author', 'publisher', 'deployer', 'analyst', 'viewer'], orgId: 'root', orgPath: '/' };

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ user: Principal }>().user;
});
