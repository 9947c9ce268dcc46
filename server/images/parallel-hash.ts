import { Worker } from "node:worker_threads";

/** The worker's whole program: hash what arrives, acknowledge each chunk, answer the digest on null. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const hash = require("node:crypto").createHash(workerData);
parentPort.on("message", (chunk) => {
  if (chunk === null) parentPort.postMessage({ digest: hash.digest("hex") });
  else { hash.update(chunk); parentPort.postMessage({ ack: true }); }
});`;

/** Chunks in flight before `update` waits: bounds the memory an upload faster than the hash may take. */
const MAX_IN_FLIGHT = 8;

export interface ParallelHash {
  /** Resolves once the chunk is queued within the in-flight bound. */
  update(chunk: Uint8Array): Promise<void>;
  digest(): Promise<string>;
  terminate(): void;
}

/**
 * A hash computed on another thread, so two digests of one stream (SHA-512 here, SHA-256
 * there) cost the time of the slower one instead of the sum.
 */
export function createParallelHash(algorithm: string): ParallelHash {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: algorithm });
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  let finished: ((hex: string) => void) | null = null;
  let failure: Error | null = null;
  const failed = new Promise<never>((_, reject) => {
    worker.once("error", (error) => {
      failure = error;
      reject(error);
      for (const wake of waiting.splice(0)) wake();
    });
  });
  failed.catch(() => undefined);
  worker.on("message", (message: { ack?: true; digest?: string }) => {
    if (message.ack) {
      inFlight -= 1;
      // Every waiter re-checks the bound; one left asleep would never be woken again.
      for (const wake of waiting.splice(0)) wake();
    } else if (message.digest !== undefined) finished?.(message.digest);
  });
  return {
    async update(chunk) {
      if (failure) throw failure;
      inFlight += 1;
      worker.postMessage(chunk);
      while (inFlight > MAX_IN_FLIGHT && !failure) await new Promise<void>((resolve) => waiting.push(resolve));
      if (failure) throw failure;
    },
    async digest() {
      const hex = await Promise.race([new Promise<string>((resolve) => ((finished = resolve), worker.postMessage(null))), failed]);
      await worker.terminate();
      return hex;
    },
    terminate() {
      void worker.terminate();
    },
  };
}
