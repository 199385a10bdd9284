import type PgBoss from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';

/** Simulation jobs: one queue message per job; the job itself (plan, progress, result) lives in simulation_jobs. */
export const QUEUE = 'kp-simulation';
/** Jobs whose every attempt was cut off land here, so a worker can mark them failed. */
export const DEAD_LETTER = 'kp-simulation-dead';
/**
 * pg-boss's own tables. Not pg-boss's default `pgboss`: a database that pg-boss 12 has used holds a newer
 * layout there, which pg-boss 10 would neither migrate nor read; it stays as it was.
 */
const SCHEMA = 'pgboss_v10';

export interface QueueMessage {
  jobId: string;
  /** One partition of a split job (simulation_partitions.seq). */
  part?: number;
  /** The final job of a split job: merge the partitions' states into its result. */
  merge?: boolean;
}

export type Queue = PgBoss;

/** The slice of pg's Pool that pg-boss is given to run its own SQL on. */
interface PgPool {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The pg pool under a TypeORM DataSource: pg-boss shares the server's connections (one, on the embedded PGlite). */
function poolOf(ds: DataSource): PgPool {
  return (ds.driver as unknown as { master: PgPool }).master;
}

/**
 * pg-boss's `db` option for a send inside a TypeORM transaction (`boss.send(…, { db })`): the message is written on
 * the transaction's connection, so it is queued if and only if the transaction commits. pg-boss's own SQL, as it is.
 */
export function inTransactionOf(tx: EntityManager): { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | undefined }> } {
  const runner = tx.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('inTransactionOf: not in a transaction');
  return {
    async executeSql(text: string, values?: unknown[]) {
      const r = await runner.query(text, values, true);
      return { rows: r.records, rowCount: r.affected };
    },
  };
}

/**
 * pg-boss (10, the last line that runs on Node 20) on the server's own pool (so it also runs on the embedded
 * PGlite) or on a connection string (worker processes). A job may run for up to `expireInSeconds` (6 h), but
 * only while the worker holding it renews its lease every few seconds (`work` below): a worker that dies stops
 * renewing, pg-boss's maintenance (every `KP_QUEUE_SUPERVISE_SECONDS`) fails the lapsed job after
 * `KP_QUEUE_HEARTBEAT_SECONDS`, any worker retries it (`retryLimit`), and after the last attempt it goes to the
 * dead-letter queue.
 */
export async function startQueue(conn: { connectionString: string } | { dataSource: DataSource }, env: NodeJS.ProcessEnv = process.env): Promise<PgBoss> {
  // Loaded on first use: nothing that merely imports the simulation modules should need pg-boss.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PgBossClass = require('pg-boss') as typeof PgBoss;
  const supervise = Number(env.KP_QUEUE_SUPERVISE_SECONDS ?? 10);
  const common = { maintenanceIntervalSeconds: supervise, monitorStateIntervalSeconds: supervise, schema: SCHEMA };
  const boss =
    'connectionString' in conn
      ? new PgBossClass({ connectionString: conn.connectionString, max: 4, ...common })
      : new PgBossClass({ db: { executeSql: (text: string, values?: unknown[]) => poolOf(conn.dataSource).query(text, values) }, ...common });
  boss.on('error', (e: Error) => process.stderr.write(`simulation queue: ${e.message}\n`));
  await boss.start();
  await ensureQueue(boss, DEAD_LETTER);
  await ensureQueue(boss, QUEUE, {
    name: QUEUE,
    retryLimit: Number(env.KP_QUEUE_RETRY_LIMIT ?? 2),
    retryDelay: 1,
    expireInSeconds: 6 * 3600,
    deadLetter: DEAD_LETTER,
  });
  return boss;
}

function heartbeatSeconds(env: NodeJS.ProcessEnv): number {
  return Number(env.KP_QUEUE_HEARTBEAT_SECONDS ?? 10);
}

/**
 * Consumes `name` one job at a time, renewing the job's lease while `handler` runs. pg-boss 12 has this built
 * in (`heartbeatSeconds`); pg-boss 10 fails an active job once `started_on + expire_in` has passed, and its
 * worker gives up on a handler after `expire_in`. So the job keeps its 6-hour `expire_in` (the worker's limit)
 * and each renewal, at the start and every third of the heartbeat, sets `started_on` so that the job lapses
 * `heartbeatSeconds` from now. (`started_on` is read by nothing else but pg-boss's retry count, which only asks
 * whether it is set.)
 */
export async function work(boss: PgBoss, name: string, pollingIntervalSeconds: number, handler: (m: QueueMessage) => Promise<void>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const lease = heartbeatSeconds(env);
  await boss.work<QueueMessage>(name, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
    const renew = () =>
      boss
        .getDb()
        .executeSql(`UPDATE ${SCHEMA}.job SET started_on = now() - expire_in + make_interval(secs => $3) WHERE name = $1 AND id = $2 AND state = 'active'`, [job.name, job.id, lease])
        .then(
          () => undefined,
          (e: Error) => void process.stderr.write(`simulation queue: renewing job ${job.id}: ${e.message}\n`),
        );
    await renew();
    const timer = setInterval(renew, Math.max(1, lease / 3) * 1000);
    try {
      await handler(job.data);
    } finally {
      clearInterval(timer);
    }
  });
}

/**
 * Creates the queue unless it exists. Processes starting at once on a new database (a server and workers) may
 * all try: pg-boss 10 creates each queue's table without a lock, so the others get "already exists" or a
 * deadlock; they look again and go on.
 */
async function ensureQueue(boss: PgBoss, name: string, options?: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name, options);
      return;
    } catch (e) {
      if (!/exists|duplicate|deadlock/i.test((e as Error).message) || attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 100 * attempt + Math.random() * 200));
    }
  }
}
