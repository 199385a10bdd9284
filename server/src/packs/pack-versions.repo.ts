import type { EntityManager } from 'typeorm';
import type { I18nText, Pack } from '../engine/types';

export type VersionStatus = 'draft' | 'published';

export interface PackRecord {
  id: string;
  ownerOrgId: string;
  ownerPath: string;
  title: I18nText;
  locality: I18nText;
}

export interface PackVersion {
  packId: string;
  version: string;
  status: VersionStatus;
  document: Pack;
  contentHash: string;
  revision: number;
  createdBy: string;
  createdAt: Date;
  updatedBy: string | null;
  updatedAt: Date;
  publishedBy: string | null;
  publishedAt: Date | null;
}

const VERSION_COLUMNS = `pack_id AS "packId", version, status, document, content_hash AS "contentHash", revision,
  created_by AS "createdBy", created_at AS "createdAt", updated_by AS "updatedBy", updated_at AS "updatedAt",
  published_by AS "publishedBy", published_at AS "publishedAt"`;

export async function findPack(m: EntityManager, id: string): Promise<PackRecord | null> {
  const rows: PackRecord[] = await m.query(
    `SELECT p.id, p.owner_org_id AS "ownerOrgId", o.path AS "ownerPath", p.title, p.locality
       FROM packs p JOIN orgs o ON o.id = p.owner_org_id WHERE p.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findVersion(m: EntityManager, packId: string, version: string, lock = false): Promise<PackVersion | null> {
  const rows: PackVersion[] = await m.query(
    `SELECT ${VERSION_COLUMNS} FROM pack_versions WHERE pack_id = $1 AND version = $2${lock ? ' FOR UPDATE' : ''}`,
    [packId, version],
  );
  return rows[0] ?? null;
}

export async function listVersions(m: EntityManager, packId: string): Promise<PackVersion[]> {
  return m.query(`SELECT ${VERSION_COLUMNS} FROM pack_versions WHERE pack_id = $1`, [packId]);
}

export async function insertPack(m: EntityManager, p: { id: string; ownerOrgId: string; title: unknown; locality: unknown; createdBy: string }): Promise<void> {
  await m.query(`INSERT INTO packs (id, owner_org_id, title, locality, created_by) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5)`, [
    p.id,
    p.ownerOrgId,
    JSON.stringify(p.title ?? null),
    JSON.stringify(p.locality ?? null),
    p.createdBy,
  ]);
}

export async function insertVersion(
  m: EntityManager,
  v: { packId: string; version: string; status: VersionStatus; document: unknown; contentHash: string; createdBy: string },
): Promise<void> {
  const published = v.status === 'published';
  await m.query(
    `INSERT INTO pack_versions (pack_id, version, status, document, content_hash, created_by, published_by, published_at)
     VALUES ($1, $2, $3, $4::json, $5, $6, $7, ${published ? 'now()' : 'NULL'})`,
    [v.packId, v.version, v.status, JSON.stringify(v.document), v.contentHash, v.createdBy, published ? v.createdBy : null],
  );
}

/** Pack title and locality follow the latest published document. */
export async function updatePackMeta(m: EntityManager, id: string, doc: Pack): Promise<void> {
  await m.query(`UPDATE packs SET title = $2::jsonb, locality = $3::jsonb WHERE id = $1`, [id, JSON.stringify(doc.title ?? null), JSON.stringify(doc.locality ?? null)]);
}

/** The metadata of a version without its document (for lists and audit entries). */
export function versionSummary(v: PackVersion) {
  const { document: _document, ...rest } = v;
  return rest;
}
