import { In } from 'typeorm';
import { DatasetChunkEntity } from '../datasets/dataset-chunk.entity';
import type { EnvelopePeriod } from '../engine/types';
import type { Prepared } from '../engine/simulate';
import { addToSelection, picker, RowStatsBuilder, statsWanted, type PartitionSpec, type RowStats, type Selection } from './partitions';
import type { Db } from './store';

/**
 * A split job's stored rows, read a batch of chunks at a time (dataset_chunks: up to 5,000 subjects of one period
 * each, in dataset order): the planner gathers its counts in one pass and each partition keeps only its own
 * subjects, so no worker holds the whole dataset.
 */
interface ChunkInfo {
  seq: number;
  pi: number;
  n: number;
  /** The place of the chunk's first subject in its period. */
  offset: number;
}

const BATCH = 20;

async function chunkList(db: Db, datasetId: string): Promise<ChunkInfo[]> {
  // the subjects' count only, not the subjects
  const rows = await db
    .createQueryBuilder(DatasetChunkEntity, 'c')
    .select('c.seq', 'seq')
    .addSelect('c.periodIndex', 'pi')
    .addSelect('jsonb_array_length(c.subjects)', 'n')
    .where('c.datasetId = :datasetId', { datasetId })
    .orderBy('c.seq')
    .getRawMany<{ seq: number; pi: number; n: number }>();
  const next = new Map<number, number>();
  return rows.map((r) => {
    const offset = next.get(r.pi) ?? 0;
    next.set(r.pi, offset + r.n);
    return { ...r, offset };
  });
}

async function* chunks(db: Db, datasetId: string, list: ChunkInfo[]): AsyncGenerator<{ info: ChunkInfo; period: string; subjects: EnvelopePeriod['subjects']; scopes: EnvelopePeriod['scopes'] | null }> {
  for (let a = 0; a < list.length; a += BATCH) {
    const part = list.slice(a, a + BATCH);
    const rows = await db.getRepository(DatasetChunkEntity).find({
      select: { datasetId: true, seq: true, period: true, subjects: true, scopes: true },
      where: { datasetId, seq: In(part.map((c) => c.seq)) },
      order: { seq: 'ASC' },
    });
    const bySeq = new Map(part.map((c) => [c.seq, c]));
    for (const r of rows) yield { info: bySeq.get(r.seq)!, period: r.period, subjects: r.subjects, scopes: r.scopes };
  }
}

/** Subjects per period, and (when the plan needs them) the id-bucket or field weights, in one pass over the chunks. */
export async function storedStats(db: Db, datasetId: string, p: Prepared, size: number): Promise<{ counts: number[]; rows?: RowStats }> {
  const list = await chunkList(db, datasetId);
  const counts: number[] = [];
  for (const c of list) counts[c.pi] = (counts[c.pi] ?? 0) + c.n;
  for (let i = 0; i < counts.length; i++) counts[i] ??= 0;
  const want = statsWanted(p, counts.reduce((a, b) => a + b, 0), size);
  if (!want || (!want.ids && !want.key)) return { counts };
  const b = new RowStatsBuilder(want);
  for await (const c of chunks(db, datasetId, list)) for (const s of c.subjects) b.add(s as Record<string, unknown>);
  return { counts, rows: b.result() };
}

/** A partition's subjects, read chunk by chunk (only the chunks of its periods, or of its slice), each with its place in the dataset. */
export async function selectStored(db: Db, datasetId: string, spec: PartitionSpec): Promise<Selection> {
  const { periods, pick } = picker(spec);
  const list = (await chunkList(db, datasetId)).filter((c) => periods(c.pi) && (spec.split !== 'slice' || (c.offset < spec.to && c.offset + c.n > spec.from)));
  const sel: Selection = { envelope: { periods: [] }, periodIndex: [], subjectIndex: [] };
  for await (const c of chunks(db, datasetId, list)) {
    const subjects: EnvelopePeriod['subjects'] = [];
    const index: number[] = [];
    c.subjects.forEach((s, k) => {
      const j = c.info.offset + k;
      if (pick(c.info.pi, s as Record<string, unknown>, j)) {
        subjects.push(s);
        index.push(j);
      }
    });
    addToSelection(sel, c.info.pi, c.scopes ? { period: c.period, scopes: c.scopes } : { period: c.period }, subjects, index);
  }
  return sel;
}
