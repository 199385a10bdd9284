import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { forbidden, unauthorized } from '../common/api-error';
import { JwtSecretService } from './jwt-secret.service';
import type { Principal } from './principal';
import type { Role } from './roles';

export const TOKEN_TTL_SECONDS = 8 * 3600;

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  roles: Role[];
  org_id: string;
  path: string;
  display_name: string | null;
  disabled: boolean;
  token_version: number;
}

// Verifying against a fixed hash when the user does not exist keeps the response time from telling usernames apart.
let dummyHash: Promise<string> | null = null;

@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly secret: JwtSecretService,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number; user: Principal }> {
    const rows: UserRow[] = await this.db.query(
      `SELECT u.id, u.username, u.password_hash, u.roles, u.org_id, o.path, u.display_name, (u.disabled_at IS NOT NULL) AS disabled, u.token_version
         FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.username = $1`,
      [username],
    );
    const row = rows[0];
    dummyHash ??= argon2.hash('kaoping-no-such-user');
    const ok = row ? await argon2.verify(row.password_hash, password) : (await argon2.verify(await dummyHash, password), false);
    if (!row || !ok) throw unauthorized('用户名或密码错误。', 'Wrong username or password.');
    // Told only to someone who knows the password.
    if (row.disabled) throw forbidden('账号已停用，请联系管理员。', 'This account is disabled; ask an administrator.');
    const user = toPrincipal(row);
    const accessToken = await this.jwt.signAsync({ sub: user.id, username: user.username, tv: row.token_version }, { secret: this.secret.value, expiresIn: TOKEN_TTL_SECONDS });
    return { accessToken, tokenType: 'Bearer', expiresIn: TOKEN_TTL_SECONDS, user };
  }

  /**
   * The user a bearer token names, as stored now (roles and organisation may have changed since login), or null
   * when the token was issued before the user's last credential change (its `tv` is older than token_version).
   * A token without `tv` counts as version 0, the version every user starts with.
   */
  async principalFromToken(token: string): Promise<Principal | null> {
    let payload: { sub?: unknown; tv?: unknown };
    try {
      payload = await this.jwt.verifyAsync<{ sub: string; tv?: number }>(token, { secret: this.secret.value });
    } catch {
      return null;
    }
    const sub = payload.sub;
    if (typeof sub !== 'string' || !/^[0-9a-f-]{36}$/.test(sub)) return null;
    const tv = payload.tv === undefined ? 0 : payload.tv;
    if (typeof tv !== 'number' || !Number.isSafeInteger(tv)) return null;
    const rows: UserRow[] = await this.db.query(
      `SELECT u.id, u.username, u.roles, u.org_id, o.path, u.display_name, u.token_version
         FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = $1 AND u.disabled_at IS NULL`,
      [sub],
    );
    return rows[0] && rows[0].token_version === tv ? toPrincipal(rows[0]) : null;
  }

  async me(p: Principal) {
    const rows: { id: string; name_zh: string; name_en: string; level: string; path: string }[] = await this.db.query(
      `SELECT id, name_zh, name_en, level, path FROM orgs WHERE id = $1`,
      [p.orgId],
    );
    const o = rows[0];
    return { id: p.id, username: p.username, roles: p.roles, org: { id: o.id, nameZh: o.name_zh, nameEn: o.name_en, level: o.level, path: o.path } };
  }
}

function toPrincipal(row: UserRow): Principal {
  return { id: row.id, username: row.username, roles: row.roles, orgId: row.org_id, orgPath: row.path };
}
