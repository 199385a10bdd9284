import { Logger } from '@nestjs/common';
import { AbstractLogger, type LogLevel, type LogMessage, type QueryRunner } from 'typeorm';

const MAX_SQL = 500;

/**
 * TypeORM's logging through the Nest logger (context `TypeORM`), so it obeys the levels the application runs
 * with instead of writing to the console itself.
 *
 * A failed query is a warning, not an error: most are expected and answered (a unique violation is a 409, a
 * row lock that times out a 503, the append-only trigger a 409). One that nobody handles still reaches the
 * error filter, which logs it as an error with its stack and answers 500, so nothing unexpected is hidden;
 * the warning adds the SQL that failed. Parameters are not logged (they carry passwords' hashes and members'
 * data). Under test the Nest logger prints errors only, so a deliberate failure prints nothing.
 *
 * What is logged follows TypeORM's `logging` option (the constructor's), as with TypeORM's own loggers.
 */
export class TypeOrmNestLogger extends AbstractLogger {
  private readonly nest = new Logger('TypeORM');

  protected writeLog(level: LogLevel, message: LogMessage | string | number | (LogMessage | string | number)[], queryRunner?: QueryRunner): void {
    // a data source opened with `logging: false` (a test's own connection) logs nothing, as TypeORM's loggers do
    if (queryRunner?.dataSource?.options.logging === false) return;
    const messages = (Array.isArray(message) ? message : [message]).map((m) => (typeof m === 'object' ? m : { message: m }));
    if (messages.some((m) => m.type === 'query-error')) {
      const sql = messages.find((m) => m.format === 'sql');
      const error = messages.find((m) => m !== sql)?.message as unknown;
      const code = typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? ` [${(error as { code: string }).code}]` : '';
      this.nest.warn(`query failed${code}: ${errorText(error)} -- ${clip(String(sql?.message ?? ''))}`);
      return;
    }
    const text = messages.map((m) => (m.format === 'sql' ? clip(String(m.message)) : String(m.message))).join(' ');
    const prefix = messages[0]?.prefix ? `${messages[0].prefix}: ` : '';
    if (messages.some((m) => m.type === 'query-slow') || level === 'warn') this.nest.warn(prefix + text);
    else if (level === 'query' || level === 'schema') this.nest.debug(prefix + text);
    else this.nest.log(prefix + text);
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : JSON.stringify(e);
}

function clip(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > MAX_SQL ? `${one.slice(0, MAX_SQL)}…` : one;
}
