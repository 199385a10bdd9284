import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DataSource, type EntityManager } from 'typeorm';
import { requireRole } from '../auth/access';
import type { Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { AuditService } from '../audit/audit.service';
import { conflict } from '../common/api-error';
import { OrgsService } from '../orgs/orgs.service';

export interface NewUser {
  username: string;
  password: string;
  roles: Role[];
  orgId: string;
  displayName?: string;
}

export interface UserView {
  id: string;
  username: string;
  roles: Role[];
  orgId: string;
  displayName: string | null;
}

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
      `SELECT u.id, u.username, u.roles, u.org_id AS "orgId", u.display_name AS "displayName"
         FROM users u JOIN orgs o ON o.id = u.org_id WHERE o.path LIKE $1 || '%' ORDER BY o.path, u.username`,
      [p.orgPath],
    );
  }

  async create(p: Principal, body: NewUser, m: EntityManager = this.db.manager): Promise<UserView> {
    requireRole(p, 'admin');
    await this.orgs.findInScope(p, body.orgId, m);
    const existing: unknown[] = await m.query(`SELECT 1 FROM users WHERE username = $1`, [body.username]);
    if (existing.length) throw conflict('UserExists', `用户名 ${body.username} 已存在。`, `Username ${body.username} already exists.`);
    const hash = await argon2.hash(body.password);
    const roles = [...new Set(body.roles)];
    const rows: { id: string }[] = await m.query(
      `INSERT INTO users (username, password_hash, roles, org_id, display_name) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [body.username, hash, roles, body.orgId, body.displayName ?? null],
    );
    const user: UserView = { id: rows[0].id, username: body.username, roles, orgId: body.orgId, displayName: body.displayName ?? null };
    await this.audit.record(m, p, { action: 'user.create', entity: 'user', entityId: user.id, orgId: user.orgId, after: user });
    return user;
  }
}
