import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import type { Repository } from 'typeorm';
import { forbidden, unauthorized } from '../common/api-error';
import { OrgEntity } from '../orgs/org.entity';
import { UserEntity } from '../users/user.entity';
import { JwtSecretService } from './jwt-secret.service';
import type { Principal } from './principal';

export const TOKEN_TTL_SECONDS = 8 * 3600;

// Verifying against a fixed hash when the user does not exist keeps the response time from telling usernames apart.
let dummyHash: Promise<string> | null = null;

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(OrgEntity) private readonly orgs: Repository<OrgEntity>,
    private readonly jwt: JwtService,
    private readonly secret: JwtSecretService,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number; user: Principal }> {
    const row = await this.withOrg().where('u.username = :username', { username }).getOne();
    dummyHash ??= argon2.hash('kaoping-no-such-user');
    const ok = row ? await argon2.verify(row.passwordHash, password) : (await argon2.verify(await dummyHash, password), false);
    if (!row || !ok) throw unauthorized('用户名或密码错误。', 'Wrong username or password.');
    // Told only to someone who knows the password.
    if (row.disabledAt !== null) throw forbidden('账号已停用，请联系管理员。', 'This account is disabled; ask an administrator.');
    const user = toPrincipal(row);
    const accessToken = await this.jwt.signAsync({ sub: user.id, username: user.username, tv: row.tokenVersion }, { secret: this.secret.value, expiresIn: TOKEN_TTL_SECONDS });
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
    const row = await this.withOrg().where('u.id = :id', { id: sub }).andWhere('u.disabledAt IS NULL').getOne();
    return row && row.tokenVersion === tv ? toPrincipal(row) : null;
  }

  /** A user with their organisation (one query: an inner join, no LIMIT sub-query as findOne with relations makes). */
  private withOrg() {
    return this.users.createQueryBuilder('u').innerJoinAndSelect('u.org', 'o');
  }

  async me(p: Principal) {
    const o = await this.orgs.findOneByOrFail({ id: p.orgId });
    return { id: p.id, username: p.username, roles: p.roles, org: { id: o.id, nameZh: o.nameZh, nameEn: o.nameEn, level: o.level, path: o.path } };
  }
}

function toPrincipal(u: UserEntity): Principal {
  return { id: u.id, username: u.username, roles: u.roles, orgId: u.orgId, orgPath: u.org!.path };
}
