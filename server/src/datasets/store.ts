import type { EntityManager, QueryDeepPartialEntity, Repository } from 'typeorm';
import type { Envelope, EnvelopePeriod } from '../engine/types';
import { OrgEntity } from '../orgs/org.entity';
import { DatasetChunkEntity } from './dataset-chunk.entity';
import { DatasetEntity, type DatasetSource } from './dataset.entity';
import type { SyntheticRecipe } from './synthetic';

/** Where repositories come from: the DataSource, or the EntityManager of a transaction. */
export type Db = Pick<EntityManager, 'getRepository'>;

/** Subjects per stored chunk: small enough for any jsonb value, big enough to load fast. */
export const CHUNK = 5000;

/** A dataset and the path of its organisation (whose subtree may read it). */
export type DatasetWithOrgPath = DatasetEntity & { orgPath: string };

/** Stores an envelope in chunks (or a synthetic recipe); run it in a transaction to make it all-or-nothing. */
export async function insertDataset(
  db: Db,
  d: { orgId: string; packId: string; version: string; name: string; source: DatasetSource; createdBy: string; envelope?: Envelope; recipe?: SyntheticRecipe; periods?: string[] },
): Promise<string> {
  const periods = d.envelope ? d.envelope.periods.map((p) => p.period) : (d.periods ?? []);
  const subjects = d.envelope ? d.envelope.periods.reduce((n, p) => n + p.subjects.length, 0) : d.recipe!.n;
  const { identifiers } = await db.getRepository(DatasetEntity).insert({
    orgId: d.orgId,
    packId: d.packId,
    version: d.version,
    name: d.name,
    source: d.source,
    subjects,
    periods,
    recipe: d.recipe ?? null,
    createdBy: d.createdBy,
  });
  const id = identifiers[0].id as string;
  const chunks = db.getRepository(DatasetChunkEntity);
  let seq = 0;
  for (const [pi, p] of (d.envelope?.periods ?? []).entries()) {
    // one statement per chunk keeps each jsonb parameter within CHUNK subjects
    for (let a = 0; a < Math.max(1, p.subjects.length); a += CHUNK) {
      const chunk: DatasetChunkEntity = { datasetId: id, seq: seq++, periodIndex: pi, period: p.period, subjects: p.subjects.slice(a, a + CHUNK), scopes: p.scopes ?? null };
      // a whole row: the cast only because TypeORM's deep-partial insert type cannot express jsonb's `unknown` leaves
      await chunks.insert(chunk as QueryDeepPartialEntity<DatasetChunkEntity>);
    }
  }
  return id;
}

/** A dataset with its organisation's path; null when there is none (or the id is no uuid). */
export async function datasetWithOrgPath(datasets: Repository<DatasetEntity>, id: string): Promise<DatasetWithOrgPath | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { entities, raw } = await datasets
    .createQueryBuilder('d')
    .innerJoin(OrgEntity, 'o', 'o.id = d.orgId')
    .addSelect('o.path', 'orgPath')
    .where('d.id = :id', { id })
    .getRawAndEntities<{ orgPath: string }>();
  return entities[0] ? Object.assign(entities[0], { orgPath: raw[0].orgPath }) : null;
}

/** The datasets of an organisation's subtree, newest first. */
export function datasetsUnder(datasets: Repository<DatasetEntity>, orgPath: string): Promise<DatasetEntity[]> {
  return datasets
    .createQueryBuilder('d')
    .innerJoin(OrgEntity, 'o', 'o.id = d.orgId')
    .where(`o.path LIKE :orgPath || '%'`, { orgPath })
    .orderBy('d.createdAt', 'DESC')
    .getMany();
}

/** The stored rows of a dataset as one envelope, periods in their stored order. */
export async function datasetEnvelope(chunks: Repository<DatasetChunkEntity>, id: string): Promise<Envelope> {
  return envelopeOf(await chunks.find({ where: { datasetId: id }, order: { seq: 'ASC' } }));
}

/** Chunks in `seq` order → the envelope they were cut from. */
export function envelopeOf(chunks: Pick<DatasetChunkEntity, 'periodIndex' | 'period' | 'subjects' | 'scopes'>[]): Envelope {
  const periods: EnvelopePeriod[] = [];
  for (const r of chunks) {
    let p = periods[r.periodIndex];
    if (!p) periods[r.periodIndex] = p = r.scopes ? { period: r.period, subjects: [], scopes: r.scopes } : { period: r.period, subjects: [] };
    for (const s of r.subjects) p.subjects.push(s);
  }
  return { periods };
}
