import * as argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import type { Role } from '../auth/roles';
import { insertOrg, type OrgLevel } from '../orgs/orgs.service';

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
  const existing: { id: string; path: string }[] = await m.query(`SELECT id, path FROM orgs`);
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
  for (const u of users) {
    const hash = await argon2.hash(u.password);
    await m.query(
      `INSERT INTO users (username, password_hash, roles, org_id, display_name) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING`,
      [u.username, hash, u.roles, u.orgId, u.displayName ?? null],
    );
  }
}
