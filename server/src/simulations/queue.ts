import type { PgBoss } from 'pg-boss';
import type { Sql } from '../datasets/store';

/** Simulation jobs: one queue message per job; the job itself (plan, progress, result) lives in simulation_jobs. */
export const QUEUE = 'kp-simulation';
/** Jobs whose every attempt was cut off land here, so a worker can mark them failed. */
export const DEAD_LETTER = 'kp-simulation-dead';

export interface QueueMessage {
  jobId: string;
}

/**
 * pg-boss on the server's own pool (so it also runs on the embedded PGlite) or on a connection string
 * (worker processes). A worker that stops sending heartbeats loses its job after `heartbeatSeconds`; the
 * job is retried by any worker (`retryLimit`), and after the last attempt goes to the dead-letter queue.
 */
export async function startQueue(conn: { connectionString: string } | { db: Sql }, env: NodeJS.ProcessEnv = process.env): Promise<PgBoss> {
  // Loaded on first use: pg-boss is an ES module with ES-module dependencies, which a CommonJS test runner
  // may not be set up to compile; nothing that merely imports the simulation modules should need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PgBoss } = require('pg-boss') as typeof import('pg-boss');
  const supervise = Number(env.KP_QUEUE_SUPERVISE_SECONDS ?? 10);
  const common = { superviseIntervalSeconds: supervise, monitorIntervalSeconds: supervise, schema: 'pgboss' };
  const boss =
    'connectionString' in conn
      ? new PgBoss({ connectionString: conn.connectionString, max: 4, ...common })
      : new PgBoss({ db: { executeSql: (text: string, values?: unknown[]) => conn.db.query(text, values) }, ...common } as never);
  boss.on('error', (e: Error) => process.stderr.write(`simulation queue: ${e.message}\n`));
  await boss.start();
  const exists = async (name: string) => !!(await boss.getQueue(name));
  if (!(await exists(DEAD_LETTER))) await boss.createQueue(DEAD_LETTER).catch(ignoreExists);
  if (!(await exists(QUEUE))) {
    await boss
      .createQueue(QUEUE, {
        retryLimit: Number(env.KP_QUEUE_RETRY_LIMIT ?? 2),
        retryDelay: 1,
        heartbeatSeconds: Number(env.KP_QUEUE_HEARTBEAT_SECONDS ?? 10),
        expireInSeconds: 6 * 3600,
        deadLetter: DEAD_LETTER,
      })
      .catch(ignoreExists);
  }
  return boss;
}

/** Two processes starting at once may both create the queue; the second one's error is harmless. */
function ignoreExists(e: Error): void {
  if (!/exists|duplicate/i.test(e.message)) throw e;
}
