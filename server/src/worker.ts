/**
 * `npm run worker`: a process that consumes the simulation queue (DATABASE_URL, the server's database).
 * Start as many as you like, on this machine or others; see server/src/simulations/README.md.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './db/data-source';
import { DEAD_LETTER, QUEUE, startQueue, work } from './simulations/queue';
import { SimulationProcessor } from './simulations/processor';
import { ensureSimulationSchema } from './simulations/store';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('worker: set DATABASE_URL to the server database (postgres://user@host:5432/db)\n');
    process.exit(2);
  }
  // The server's entities on a pool of three. The server runs the migrations; a worker only makes sure of the
  // simulation tables (the same DDL as their migration), as it always has.
  const ds = await new DataSource({ ...dataSourceOptions(url, 3), migrationsRun: false }).initialize();
  await ensureSimulationSchema(ds);
  const boss = await startQueue({ connectionString: url });
  const threads = process.env.KP_SIM_THREADS ? Number(process.env.KP_SIM_THREADS) : undefined;
  const processor = new SimulationProcessor(ds, { threads, packsDir: process.env.KP_PACKS_DIR, name: process.env.KP_WORKER_NAME, queue: boss });
  const poll = Number(process.env.KP_QUEUE_POLL_SECONDS ?? 1);
  await work(boss, QUEUE, poll, (m) => processor.handle(m));
  await work(boss, DEAD_LETTER, poll, (m) => processor.abandoned(m));
  process.stdout.write(`worker ${processor.name} consuming ${QUEUE}\n`);
  const stop = async () => {
    await boss.stop({ graceful: true, timeout: 30_000 });
    await processor.close();
    await ds.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  process.stderr.write(`worker: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
