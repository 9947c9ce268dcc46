import { asc } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { cloud, pollState } from "@/db/schema";
import type { PollResource } from "@/server/domain/vocabulary";
import type { DriverConfig } from "../clouds/driver";
import { openSecret } from "../secrets";

export interface PollTarget {
  cloudId: number;
  name: string;
  enabled: boolean;
  driver: DriverConfig;
  intervalsSec: Record<PollResource, number>;
}

const credentialsShape = z.record(z.string(), z.string());

/** A cloud whose sealed credentials cannot be opened: not polled, not acted on, and why. */
export interface UnreadableCloud {
  cloudId: number;
  name: string;
  enabled: boolean;
  reason: string;
}

/**
 * The clouds the worker polls, with credentials opened for the drivers (worker only).
 * Each cloud's credentials are opened on their own: one that cannot be opened (another
 * key, a damaged row) is reported in `unreadable` and the others are still returned.
 */
export async function readPollTargets({ db, key }: { db: Db; key: Buffer }): Promise<{ targets: PollTarget[]; unreadable: UnreadableCloud[] }> {
  const targets: PollTarget[] = [];
  const unreadable: UnreadableCloud[] = [];
  for (const c of await db.select().from(cloud).orderBy(asc(cloud.id)).all()) {
    const credentials = openCredentials(key, c.credentialsEnc);
    if (!credentials.ok) {
      unreadable.push({ cloudId: c.id, name: c.name, enabled: c.enabled, reason: `Cannot open the stored credentials of ${c.name}: ${credentials.error}` });
      continue;
    }
    targets.push({
      cloudId: c.id,
      name: c.name,
      enabled: c.enabled,
      driver: { kind: c.kind, endpoint: c.endpoint, region: c.region, credentials: credentials.value, timeoutMs: c.timeoutMs },
      intervalsSec: { vms: c.pollVmsSec, limits: c.pollLimitsSec, images: c.pollImagesSec, flavors: c.pollImagesSec },
    });
  }
  return { targets, unreadable };
}

/** The readable clouds only; see readPollTargets for the others. */
export async function listPollTargets({ db, key }: { db: Db; key: Buffer }): Promise<PollTarget[]> {
  return (await readPollTargets({ db, key })).targets;
}

/** Never echoes the sealed text or what it decrypts to. */
function openCredentials(key: Buffer, sealed: string): { ok: true; value: Record<string, string> } | { ok: false; error: string } {
  let opened: unknown;
  try {
    opened = openSecret(key, sealed);
  } catch (err) {
    const why = err instanceof SyntaxError ? "they are not JSON" : err instanceof Error && /format/.test(err.message) ? err.message : "they were sealed with another key or are damaged";
    return { ok: false, error: why };
  }
  const parsed = credentialsShape.safeParse(opened);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: "they are not a map of names to strings" };
}

/** When each cloud's resources are next due, keyed "cloudId:resource". */
export async function listPollSchedule({ db }: { db: Db }): Promise<Map<string, Date>> {
  const rows = await db.select({ cloudId: pollState.cloudId, resource: pollState.resource, nextDueAt: pollState.nextDueAt }).from(pollState).all();
  return new Map(rows.map((r) => [`${r.cloudId}:${r.resource}`, r.nextDueAt]));
}
