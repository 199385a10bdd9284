/**
 * Sends queue messages for existing simulation_jobs rows, from a child process: `node --import tsx
 * enqueue.ts <database-url> <job-id> ...`. (pg-boss runs its own connections; a child process keeps them out of the test runner.)
 */
import { QUEUE, startQueue } from '../../server/src/simulations/queue';

(async () => {
  const [url, ...ids] = process.argv.slice(2);
  const boss = await startQueue({ connectionString: url });
  for (const jobId of ids) await boss.send(QUEUE, { jobId });
  await boss.stop({ graceful: false });
})().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});
