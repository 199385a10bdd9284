import type { ApiError } from '../common/api-error';
import { requireRole } from './access';
import type { Principal } from './principal';
import type { Role } from './roles';

const viewer: Principal = { id: 'u1', username: 'viewer', roles: ['viewer'], orgId: 'prov', orgPath: '/prov/' };

function refusal(roles: Role[]): unknown {
  try {
    requireRole(viewer, ...roles);
  } catch (e) {
    return (e as ApiError).getResponse();
  }
  return undefined;
}

describe('requireRole', () => {
  it('names the roles needed in Chinese (and in English words), never by their codes', () => {
    let thrown: ApiError | undefined;
    try {
      requireRole(viewer, 'analyst', 'author', 'publisher', 'deployer');
    } catch (e) {
      thrown = e as ApiError;
    }
    expect(thrown?.getStatus()).toBe(403);
    expect(thrown?.getResponse()).toEqual({
      error: 'Forbidden',
      message: {
        'zh-CN': '需要以下角色之一：分析员、作者、发布人、部署管理员。',
        en: 'This needs one of the roles: analyst, author, publisher, deployment administrator.',
      },
    });
  });

  it('lets a user through who holds one of the roles', () => {
    expect(refusal(['admin', 'viewer'])).toBeUndefined();
    expect(refusal(['admin'])).toMatchObject({ message: { 'zh-CN': '需要以下角色之一：管理员。' } });
  });
});
