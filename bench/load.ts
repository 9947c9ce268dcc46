import http from "node:http";
import superjson from "superjson";

export interface LoadResult {
  rps: number;
  ok: number;
  failed: number;
  /** Status and start of the body of the first failure, to say why. */
  firstFailure: string | null;
}

/** The URL the tRPC client (httpLink + superjson) requests for a query. */
export function buildTrpcQueryUrl(base: string, procedure: string, input: unknown): string {
  return `${base}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
}

/**
 * Closed-loop GETs over keep-alive connections for `durationMs`, after an unmeasured
 * warm-up that lets the server load and JIT the route. Only 2xx answers count.
 */
export async function measureRps(
  url: string,
  { concurrency = 32, durationMs = 5_000, warmupMs = 1_000, headers = {} }: { concurrency?: number; durationMs?: number; warmupMs?: number; headers?: Record<string, string> } = {},
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    await runLoop(url, agent, headers, concurrency, warmupMs);
    const started = performance.now();
    const result = await runLoop(url, agent, headers, concurrency, durationMs);
    const seconds = (performance.now() - started) / 1_000;
    return { ...result, rps: result.ok / seconds };
  } finally {
    agent.destroy();
  }
}

async function runLoop(url: string, agent: http.Agent, headers: Record<string, string>, concurrency: number, durationMs: number) {
  const deadline = performance.now() + durationMs;
  let ok = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const { status, body } = await get(url, agent, headers);
        if (status >= 200 && status < 300) ok += 1;
        else {
          failed += 1;
          firstFailure ??= `HTTP ${status}: ${body.slice(0, 200)}`;
        }
      }
    }),
  );
  return { ok, failed, firstFailure };
}

/** Drains a 2xx body unread (the client shares the CPU with the server); keeps a failure's. */
function get(url: string, agent: http.Agent, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent, headers }, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      if (status >= 200 && status < 300) res.resume();
      else res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (err) => resolve({ status: 0, body: err.message }));
    });
    req.on("error", (err) => resolve({ status: 0, body: err.message }));
  });
}
