import { mkdirSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** A postgres:// URL for the pg driver. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * PostgreSQL in-process (PGlite, WASM) for a zero-setup start: pg talks to it over a loopback socket.
 * PGlite runs one query at a time, so the pool has one connection; the socket accepts one more for
 * an operator's psql.
 */
export async function startEmbeddedPostgres(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 2 });
  await server.start();
  const actualPort = Number(server.getServerConn().split(':').pop());
  new Logger('EmbeddedPostgres').log(`PGlite at ${dataDir} serving on 127.0.0.1:${actualPort}`);
  return {
    url: `postgres://postgres@127.0.0.1:${actualPort}/postgres`,
    port: actualPort,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
