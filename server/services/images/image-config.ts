import path from "node:path";
import { resolveDbPath } from "@/db/client";
import { readEnv } from "@/server/config/env";

export interface ImageConfig {
  /** Where image files live. */
  dir: string;
  /** The largest file accepted by upload or download. */
  maxBytes: number;
  /** How long a signed list stays valid. */
  listLifetimeMs: number;
}

const MIB = 1024 * 1024;
const DAY_MS = 86_400_000;

/** The image settings of the environment; the directory defaults to `images/` beside the database. */
export function readImageConfig(): ImageConfig {
  const env = readEnv();
  return {
    dir: env.CLOUDSCOPE_IMAGE_DIR ?? path.join(path.dirname(path.resolve(/* turbopackIgnore: true */ resolveDbPath())), "images"),
    maxBytes: env.CLOUDSCOPE_IMAGE_UPLOAD_LIMIT_MB * MIB,
    listLifetimeMs: env.CLOUDSCOPE_IMAGE_LIST_DAYS * DAY_MS,
  };
}
