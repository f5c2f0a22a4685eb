/** The part of autocannon 8's programmatic API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      /** called before each request is built; answers the request to send */
      setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
      onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
    }

    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      /** seconds to wait for a response before counting a timeout (default 10) */
      timeout?: number;
      requests?: Request[];
    }

    /** A histogram summary: mean, stddev, min, max and percentiles p2_5 … p99_999. */
    interface Histogram {
      mean: number;
      average: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p99: number;
      [key: string]: number;
    }

    interface Result {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      latency: Histogram;
      requests: Histogram & { sent: number };
      throughput: Histogram;
    }
  }

  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
