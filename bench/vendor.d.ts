// The two benchmark dependencies that ship without types: only what bench/ calls.
declare module 'json-logic-js' {
  const jsonLogic: {
    apply(logic: unknown, data?: unknown): unknown;
    add_operation(name: string, fn: (...args: any[]) => unknown): void;
    truthy(v: unknown): boolean;
  };
  export default jsonLogic;
}

declare module 'autocannon' {
  namespace autocannon {
    interface Histogram {
      p50: number;
      p99: number;
      average: number;
    }
    interface Result {
      requests: Histogram & { total: number };
      latency: Histogram;
      duration: number;
      errors: number;
      non2xx: number;
    }
    interface Options {
      url: string;
      method?: string;
      body?: string;
      headers?: Record<string, string>;
      duration?: number;
      connections?: number;
    }
  }
  function autocannon(opts: autocannon.Options, cb: (err: Error | null, res: autocannon.Result) => void): unknown;
  export default autocannon;
}
