// PostgreSQL (PGlite) for test suites on machines without a server: run outside jest's VM, which cannot load
// PGlite's WASM through dynamic import. Usage: node embedded-pg.mjs <dataDir>; prints {"port": n} once listening.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const db = await PGlite.create(process.argv[2]);
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 });
await server.start();
process.stdout.write(JSON.stringify({ port: Number(server.getServerConn().split(':').pop()) }) + '\n');
const stop = async () => {
  await server.stop();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
