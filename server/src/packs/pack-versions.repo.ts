import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import type { I18nText, Pack } from '../engine/types';
import { PackVersionEntity, type VersionStatus } from './pack-version.entity';
import { PackEntity } from './pack.entity';

export type { VersionStatus };

export interface PackRecord {
  id: string;
  ownerOrgId: string;
  ownerPath: string;
  title: I18nText;
  locality: I18nText;
}

/** A stored version as the services and the API read it (the entity without its relation). */
export type PackVersion = Omit<PackVersionEntity, 'pack'>;

/**
 * The reads and writes of packs and pack_versions, on the caller's EntityManager (so inside its transaction).
 * The trigger pack_versions_published_immutable stays the last word: an UPDATE or DELETE of a published version
 * fails with KP001 whatever sends it; these functions only ever touch drafts.
 */
export async function findPack(m: EntityManager, id: string): Promise<PackRecord | null> {
  const p = await m.getRepository(PackEntity).findOne({ where: { id }, relations: { owner: true } });
  return p ? { id: p.id, ownerOrgId: p.ownerOrgId, ownerPath: p.owner!.path, title: p.title as I18nText, locality: p.locality as I18nText } : null;
}

/** One version; with `lock`, its row is locked (FOR UPDATE) until the caller's transaction ends. */
export async function findVersion(m: EntityManager, packId: string, version: string, lock = false): Promise<PackVersion | null> {
  return m.getRepository(PackVersionEntity).findOne({ where: { packId, version }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
}

export async function listVersions(m: EntityManager, packId: string): Promise<PackVersion[]> {
  return m.getRepository(PackVersionEntity).findBy({ packId });
}

/** Locks the pack's row (FOR UPDATE) until the caller's transaction ends: one publication per pack at a time. */
export async function lockPack(m: EntityManager, id: string): Promise<void> {
  await m.getRepository(PackEntity).createQueryBuilder('p').select('p.id').where('p.id = :id', { id }).setLock('pessimistic_write').getOne();
}

export async function insertPack(m: EntityManager, p: { id: string; ownerOrgId: string; title: unknown; locality: unknown; createdBy: string }): Promise<void> {
  await m
    .createQueryBuilder()
    .insert()
    .into(PackEntity)
    .values({ id: p.id, ownerOrgId: p.ownerOrgId, title: jsonValue(p.title), locality: jsonValue(p.locality), createdBy: p.createdBy })
    .updateEntity(false)
    .execute();
}

export async function insertVersion(
  m: EntityManager,
  v: { packId: string; version: string; status: VersionStatus; document: unknown; contentHash: string; createdBy: string },
): Promise<void> {
  const published = v.status === 'published';
  await m
    .createQueryBuilder()
    .insert()
    .into(PackVersionEntity)
    .values({
      packId: v.packId,
      version: v.version,
      status: v.status,
      document: jsonDocument(v.document),
      contentHash: v.contentHash,
      createdBy: v.createdBy,
      publishedBy: published ? v.createdBy : null,
      publishedAt: published ? () => 'now()' : null,
    })
    .updateEntity(false)
    .execute();
}

/** Pack title and locality follow the latest published document. */
export async function updatePackMeta(m: EntityManager, id: string, doc: Pack): Promise<void> {
  await m.getRepository(PackEntity).update({ id }, { title: jsonValue(doc.title), locality: jsonValue(doc.locality) });
}

/**
 * Replace a draft's document if it is still at `revision` (the check and the increment are one statement): the new
 * revision, or null when no draft of that revision exists (published, or changed meanwhile).
 */
export async function updateDraftDocument(
  m: EntityManager,
  key: { packId: string; version: string; revision?: number },
  change: { version?: string; document: Pack | Record<string, unknown>; contentHash: string; updatedBy: string },
): Promise<number | null> {
  const result = await m
    .createQueryBuilder()
    .update(PackVersionEntity)
    .set({
      ...(change.version !== undefined ? { version: change.version } : {}),
      document: jsonDocument(change.document),
      contentHash: change.contentHash,
      revision: () => 'revision + 1',
      updatedBy: change.updatedBy,
      updatedAt: () => 'now()',
    })
    .where({ packId: key.packId, version: key.version, status: 'draft', ...(key.revision !== undefined ? { revision: key.revision } : {}) })
    .returning(['revision'])
    .updateEntity(false)
    .execute();
  const rows = result.raw as { revision: number }[];
  return rows.length ? rows[0].revision : null;
}

/** Publish a draft (the trigger then keeps it as it is). */
export async function markPublished(m: EntityManager, packId: string, version: string, by: string): Promise<void> {
  await m
    .getRepository(PackVersionEntity)
    .update({ packId, version, status: 'draft' }, { status: 'published', publishedBy: by, publishedAt: () => 'now()', revision: () => 'revision + 1' });
}

export async function deleteDraftVersion(m: EntityManager, packId: string, version: string): Promise<void> {
  await m.getRepository(PackVersionEntity).delete({ packId, version, status: 'draft' });
}

/** The metadata of a version without its document (for lists and audit entries). */
export function versionSummary(v: PackVersion) {
  const { document: _document, ...rest } = v as PackVersionEntity;
  const { pack: _pack, ...meta } = rest;
  return meta;
}

/**
 * A JSON value for a NOT NULL jsonb column: a missing title or locality (a draft need not be valid) is stored as
 * JSON null, as before, not as SQL NULL (which the column refuses).
 */
function jsonValue(v: unknown): I18nText | (() => string) {
  return v === undefined || v === null ? () => `'null'::jsonb` : (v as I18nText);
}

/** A pack document for a json column: written as it is (TypeORM's deep-partial type cannot follow its unknown-typed slots). */
function jsonDocument(doc: unknown): QueryDeepPartialEntity<Pack> {
  return doc as QueryDeepPartialEntity<Pack>;
}
