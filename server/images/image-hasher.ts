import crypto from "node:crypto";
import { createParallelHash } from "./parallel-hash";

export interface ImageDigests {
  sha512: string;
  sha256: string;
}

export interface ImageHasher {
  update(chunk: Uint8Array): Promise<void>;
  digest(): Promise<ImageDigests>;
  /** Stops the second thread when the stream is abandoned. */
  abort(): void;
}

/** SHA-512 on this thread and SHA-256 on another, fed the same chunks of one stream. */
export function createImageHasher(): ImageHasher {
  const sha512 = crypto.createHash("sha512");
  const sha256 = createParallelHash("sha256");
  return {
    update(chunk) {
      // Both see the chunk before anything awaits, so concurrent updates keep their order.
      sha512.update(chunk);
      return sha256.update(chunk);
    },
    async digest() {
      return { sha512: sha512.digest("hex"), sha256: await sha256.digest() };
    },
    abort: () => sha256.terminate(),
  };
}
