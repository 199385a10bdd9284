import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, type EntityManager, type QueryDeepPartialEntity, type Repository } from 'typeorm';
import { requireRole } from '../auth/access';
import { assertStrongPassword } from '../auth/password-policy';
import type { Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { AuditService } from '../audit/audit.service';
import { conflict, notFound } from '../common/api-error';
import { OrgsService } from '../orgs/orgs.service';
import { UserEntity } from './user.entity';

export interface NewUser {
  username: string;
  password: string;
  roles: Role[];
  orgId: string;
  displayName?: string;
}

export interface UserChange {
  roles?: Role[];
  orgId?: string;
  displayName?: string | null;
  password?: string;
  disabled?: boolean;
}

export interface UserView {
  id: string;
  username: string;
  roles: Role[];
  orgId: string;
  displayName: string | null;
  disabled: boolean;
}

function toView(u: UserEntity): UserView {
  return { id: u.id, username: u.username, roles: u.roles, orgId: u.orgId, displayName: u.displayName, disabled: u.disabledAt !== null };
}

/** Users whose organisation is in the subtree of `orgPath` (alias u, their organisation o). */
function inSubtree(users: Repository<UserEntity>, orgPath: string) {
  return users.createQueryBuilder('u').innerJoin('u.org', 'o').where('o.path LIKE :prefix', { prefix: `${orgPath}%` });
}

@Injectable()
export class UsersService {
  constructor(
    private readonly db: DataSource,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly orgs: OrgsService,
    private readonly audit: AuditService,
  ) {}

  async list(p: Principal): Promise<UserView[]> {
    requireRole(p, 'admin');
    return (await inSubtree(this.users, p.orgPath).orderBy('o.path').addOrderBy('u.username').getMany()).map(toView);
  }

  /** Creates a user and its audit row in one transaction (or in the caller's). */
  async create(p: Principal, body: NewUser, m?: EntityManager): Promise<UserView> {
    if (!m) return this.db.transaction((tx) => this.create(p, body, tx));
    requireRole(p, 'admin');
    await this.orgs.findInScope(p, body.orgId, m);
    const users = m.getRepository(UserEntity);
    if (await users.existsBy({ username: body.username })) throw conflict('UserExists', `用户名 ${body.username} 已存在。`, `Username ${body.username} already exists.`);
    assertStrongPassword(body.password, body.username);
    const hash = await argon2.hash(body.password);
    const roles = [...new Set(body.roles)];
    const inserted = await users.insert({ username: body.username, passwordHash: hash, roles, orgId: body.orgId, displayName: body.displayName ?? null });
    const user: UserView = { id: (inserted.identifiers[0] as { id: string }).id, username: body.username, roles, orgId: body.orgId, displayName: body.displayName ?? null, disabled: false };
    await this.audit.record(m, p, { action: 'user.create', entity: 'user', entityId: user.id, orgId: user.orgId, after: user });
    return user;
  }

  /** A user of the subtree, or 404 (a user elsewhere is not told apart from no user). */
  private async findInScope(p: Principal, id: string, m: EntityManager, lock = false): Promise<UserView> {
    const q = /^[0-9a-f-]{36}$/.test(id) ? inSubtree(m.getRepository(UserEntity), p.orgPath).andWhere('u.id = :id', { id }) : null;
    if (q && lock) q.setLock('pessimistic_write', undefined, ['u']);
    const user = q && (await q.getOne());
    if (!user) throw notFound('用户不存在。', `User ${id} not found.`);
    return toView(user);
  }

  /**
   * Changes roles, organisation, display name, password or the disabled flag, with an audit row (before →
   * after; a new password shows only as `passwordChanged`). Admins cannot lock themselves out: they cannot
   * disable their own account or drop their own admin role.
   */
  async update(p: Principal, id: string, change: UserChange): Promise<UserView> {
    requireRole(p, 'admin');
    return this.db.transaction(async (m) => {
      const before = await this.findInScope(p, id, m, true);
      if (change.orgId !== undefined) await this.orgs.findInScope(p, change.orgId, m);
      if (before.id === p.id && change.disabled === true) throw conflict('SelfLockout', '不能停用自己的账号。', 'You cannot disable your own account.');
      if (before.id === p.id && change.roles && !change.roles.includes('admin')) throw conflict('SelfLockout', '不能撤销自己的管理员角色。', 'You cannot remove your own admin role.');
      if (change.password !== undefined) assertStrongPassword(change.password, before.username);
      const set: QueryDeepPartialEntity<UserEntity> = {};
      if (change.roles) set.roles = [...new Set(change.roles)];
      if (change.orgId !== undefined) set.orgId = change.orgId;
      if (change.displayName !== undefined) set.displayName = change.displayName;
      if (change.password !== undefined) set.passwordHash = await argon2.hash(change.password);
      if (change.disabled !== undefined) set.disabledAt = change.disabled ? () => 'coalesce(disabled_at, now())' : null;
      // Every token issued before a credential change stops working (the auth guard compares versions).
      const sameRoles = (a: Role[], b: Role[]) => a.length === b.length && a.every((r) => b.includes(r));
      const credentialsChange =
        change.password !== undefined ||
        (change.disabled !== undefined && change.disabled !== before.disabled) ||
        (change.roles !== undefined && !sameRoles([...new Set(change.roles)], before.roles)) ||
        (change.orgId !== undefined && change.orgId !== before.orgId);
      if (credentialsChange) set.tokenVersion = () => 'token_version + 1';
      const users = m.getRepository(UserEntity);
      await users.update({ id }, set);
      const after = toView(await users.findOneByOrFail({ id }));
      await this.audit.record(m, p, {
        action: 'user.update',
        entity: 'user',
        entityId: id,
        orgId: after.orgId,
        before,
        after: change.password !== undefined ? { ...after, passwordChanged: true } : after,
      });
      return after;
    });
  }
}
