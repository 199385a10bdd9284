import * as argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import type { Role } from '../auth/roles';
import { OrgEntity } from '../orgs/org.entity';
import { insertOrg, type OrgLevel } from '../orgs/orgs.service';
import { UserEntity } from '../users/user.entity';

export interface OrgSeed {
  id: string;
  parentId: string | null;
  nameZh: string;
  nameEn: string;
  level: OrgLevel;
}

export interface UserSeed {
  username: string;
  password: string;
  roles: Role[];
  orgId: string;
  displayName?: string;
}

/** Insert organisations parents first (a parent must precede its children in the list); existing ids are left alone. */
export async function seedOrgs(m: EntityManager, orgs: OrgSeed[]): Promise<void> {
  const paths = new Map<string, string>();
  const existing = await m.getRepository(OrgEntity).find({ select: { id: true, path: true } });
  for (const o of existing) paths.set(o.id, o.path);
  for (const o of orgs) {
    if (paths.has(o.id)) continue;
    const parentPath = o.parentId ? paths.get(o.parentId) : '/';
    if (parentPath === undefined) throw new Error(`seed: organisation ${o.id} comes before its parent ${o.parentId}`);
    const path = `${parentPath}${o.id}/`;
    await insertOrg(m, { ...o, path });
    paths.set(o.id, path);
  }
}

/** Insert users with argon2 password hashes; existing usernames are left alone. */
export async function seedUsers(m: EntityManager, users: UserSeed[]): Promise<void> {
  const rows = [];
  for (const u of users) rows.push({ username: u.username, passwordHash: await argon2.hash(u.password), roles: u.roles, orgId: u.orgId, displayName: u.displayName ?? null });
  await insertUsers(m, rows);
}

/** Insert users whose password is already hashed; existing usernames are left alone (ON CONFLICT DO NOTHING: a new row's id is fresh, so only its username can collide). */
export async function insertUsers(m: EntityManager, users: Pick<UserEntity, 'username' | 'passwordHash' | 'roles' | 'orgId' | 'displayName'>[]): Promise<void> {
  if (!users.length) return;
  await m.createQueryBuilder().insert().into(UserEntity).values(users).orIgnore().updateEntity(false).execute();
}
