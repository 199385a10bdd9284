import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DataSource, type EntityManager } from 'typeorm';
import { requireRole } from '../auth/access';
import { assertStrongPassword } from '../auth/password-policy';
import type { Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { AuditService } from '../audit/audit.service';
import { conflict, notFound } from '../common/api-error';
import { OrgsService } from '../orgs/orgs.service';

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

const VIEW = `u.id, u.username, u.roles, u.org_id AS "orgId", u.display_name AS "displayName", (u.disabled_at IS NOT NULL) AS disabled`;

@Injectable()
export class UsersService {
  constructor(
    private readonly db: DataSource,
    private readonly orgs: OrgsService,
    private readonly audit: AuditService,
  ) {}

  list(p: Principal): Promise<UserView[]> {
    requireRole(p, 'admin');
    return this.db.query(
      `SELECT ${VIEW}
         FROM users u JOIN orgs o ON o.id = u.org_id WHERE o.path LIKE $1 || '%' ORDER BY o.path, u.username`,
      [p.orgPath],
    );
  }

  /** Creates a user and its audit row in one transaction (or in the caller's). */
  async create(p: Principal, body: NewUser, m?: EntityManager): Promise<UserView> {
    if (!m) return this.db.transaction((tx) => this.create(p, body, tx));
    requireRole(p, 'admin');
    await this.orgs.findInScope(p, body.orgId, m);
    const existing: unknown[] = await m.query(`SELECT 1 FROM users WHERE username = $1`, [body.username]);
    if (existing.length) throw conflict('UserExists', `用户名 ${body.username} 已存在。`, `Username ${body.username} already exists.`);
    assertStrongPassword(body.password, body.username);
    const hash = await argon2.hash(body.password);
    const roles = [...new Set(body.roles)];
    const rows: { id: string }[] = await m.query(
      `INSERT INTO users (username, password_hash, roles, org_id, display_name) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [body.username, hash, roles, body.orgId, body.displayName ?? null],
    );
    const user: UserView = { id: rows[0].id, username: body.username, roles, orgId: body.orgId, displayName: body.displayName ?? null, disabled: false };
    await this.audit.record(m, p, { action: 'user.create', entity: 'user', entityId: user.id, orgId: user.orgId, after: user });
    return user;
  }

  /** A user of the subtree, or 404 (a user elsewhere is not told apart from no user). */
  private async findInScope(p: Principal, id: string, m: EntityManager, lock = false): Promise<UserView> {
    const rows: UserView[] = /^[0-9a-f-]{36}$/.test(id)
      ? await m.query(`SELECT ${VIEW} FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = $1 AND o.path LIKE $2 || '%'${lock ? ' FOR UPDATE OF u' : ''}`, [id, p.orgPath])
      : [];
    if (!rows[0]) throw notFound('用户不存在。', `User ${id} not found.`);
    return rows[0];
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
      const sets: string[] = [];
      const args: unknown[] = [id];
      const set = (sql: string, v: unknown) => {
        args.push(v);
        sets.push(`${sql} = $${args.length}`);
      };
      if (change.roles) set('roles', [...new Set(change.roles)]);
      if (change.orgId !== undefined) set('org_id', change.orgId);
      if (change.displayName !== undefined) set('display_name', change.displayName);
      if (change.password !== undefined) set('password_hash', await argon2.hash(change.password));
      if (change.disabled !== undefined) sets.push(change.disabled ? 'disabled_at = coalesce(disabled_at, now())' : 'disabled_at = NULL');
      // Every token issued before a credential change stops working (the auth guard compares versions).
      const sameRoles = (a: Role[], b: Role[]) => a.length === b.length && a.every((r) => b.includes(r));
      const credentialsChange =
        change.password !== undefined ||
        (change.disabled !== undefined && change.disabled !== before.disabled) ||
        (change.roles !== undefined && !sameRoles([...new Set(change.roles)], before.roles)) ||
        (change.orgId !== undefined && change.orgId !== before.orgId);
      if (credentialsChange) sets.push('token_version = u.token_version + 1');
      const after = ((await m.query(`UPDATE users u SET ${sets.join(', ')} WHERE u.id = $1 RETURNING ${VIEW}`, args)) as [UserView[], number])[0][0];
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
