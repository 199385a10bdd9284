import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import { TypeOrmNestLogger } from './typeorm-logger';

describe('TypeOrmNestLogger', () => {
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;
  let error: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('logs a failed query as a warning with its code, message and SQL, without the parameters', () => {
    const e = Object.assign(new Error('relation "deployments" does not exist'), { code: '42P01' });
    // TypeORM hands over the driver's error object (its Logger interface: string | Error)
    const logger: TypeOrmLogger = new TypeOrmNestLogger(['error', 'migration']);
    logger.logQueryError(e, 'SELECT d.id\n    FROM deployments d\n   WHERE d.org_id = $1', ['secret-member-id']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toBe('query failed [42P01]: relation "deployments" does not exist -- SELECT d.id FROM deployments d WHERE d.org_id = $1');
    expect(JSON.stringify(warn.mock.calls)).not.toContain('secret-member-id');
    expect(error).not.toHaveBeenCalled();
  });

  it('clips long SQL', () => {
    new TypeOrmNestLogger(['error']).logQueryError('boom', `SELECT ${'x, '.repeat(400)}1`);
    const text = warn.mock.calls[0][0] as string;
    expect(text.startsWith('query failed: boom -- SELECT x, x,')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(text.length).toBeLessThan(560);
  });

  it('follows the logging option: no query errors without "error", migrations as log lines', () => {
    const quiet = new TypeOrmNestLogger(['migration']);
    quiet.logQueryError('boom', 'SELECT 1');
    quiet.logQuery('SELECT 1');
    expect(warn).not.toHaveBeenCalled();
    quiet.logMigration('1 migrations are already loaded in the database.');
    expect(log).toHaveBeenCalledWith('1 migrations are already loaded in the database.');
  });

  it('logs nothing for a data source opened with logging: false', () => {
    const runner = { dataSource: { options: { logging: false } } } as unknown as QueryRunner;
    new TypeOrmNestLogger(['error', 'migration']).logQueryError('boom', 'SELECT 1', [], runner);
    expect(warn).not.toHaveBeenCalled();
  });

  it('a slow query is a warning', () => {
    new TypeOrmNestLogger(['error']).logQuerySlow(1500, 'SELECT pg_sleep(1.5)');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('SELECT pg_sleep(1.5)');
  });
});
