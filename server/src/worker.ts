/**
 * `npm run worker`: a process that consumes the simulation queue (DATABASE_URL, the server's database).
 * Start as many as you like, on this machine or others; see server/src/simulations/README.md.
 */
import type { Sql } from './datasets/store';
import { DEAD_LETTER, QUEUE, startQueue, work } from './simulations/queue';
import { SimulationProcessor } from './simulations/processor';
import { ensureSimulationSchema } from './simulations/store';

// pg ships no types (and @types/pg is not installed): the pool is used through the Sql interface.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Pool } = require('pg') as { Pool: new (config: { connectionString: string; max: number }) => Sql & { end(): Promise<void>; connect(): Promise<Sql & { release(): void }> } };

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('worker: set DATABASE_URL to the server database (postgres://user@host:5432/db)\n');
    process.exit(2);
  }
  const db = new Pool({ connectionString: url, max: 3 });
  await ensureSimulationSchema(db);
  const boss = await startQueue({ connectionString: url });
  const threads = process.env.KP_SIM_THREADS ? Number(process.env.KP_SIM_THREADS) : undefined;
  const processor = new SimulationProcessor(db, { threads, packsDir: process.env.KP_PACKS_DIR, name: process.env.KP_WORKER_NAME, queue: boss });
  const poll = Number(process.env.KP_QUEUE_POLL_SECONDS ?? 1);
  await work(boss, QUEUE, poll, (m) => processor.handle(m));
  await work(boss, DEAD_LETTER, poll, (m) => processor.abandoned(m));
  process.stdout.write(`worker ${processor.name} consuming ${QUEUE}\n`);
  const stop = async () => {
    await boss.stop({ graceful: true, timeout: 30_000 });
    await processor.close();
    await db.end();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  process.stderr.write(`worker: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
