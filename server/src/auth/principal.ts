import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from './roles';

/** The logged-in user as every service sees it. */
export interface Principal {
  id: string;
  username: string;
  roles: Role[];
  orgId: string;
  /** Materialised path of the user's organisation, e.g. "/root/shaoxing/keqiao/". */
  orgPath: string;
}

/** The system itself (first-start import and seeding). */
export const SYSTEM: Principal = { id: '00000000-0000-0000-0000-000000000000', username: 'system', roles: ['admin', 'author', 'publisher', 'deployer', 'analyst', 'viewer'], orgId: 'root', orgPath: '/' };

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ user: Principal }>().user;
});
