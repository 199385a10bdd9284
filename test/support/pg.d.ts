// The pg package ships no types and @types/pg is not installed; the harness needs only this much of it.
declare module 'pg' {
  export class Client {
    constructor(config: { connectionString: string; connectionTimeoutMillis?: number });
    connect(): Promise<void>;
    query<T = Record<string, unknown>>(text: string, args?: unknown[]): Promise<{ rows: T[]; rowCount: number | null }>;
    end(): Promise<void>;
  }
}
