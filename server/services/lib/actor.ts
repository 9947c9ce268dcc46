import type { Role } from "@/server/domain/vocabulary";

/** The signed-in person a service acts for; the worker acts as a system actor. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  ip: string | null;
  /** Set when the call came with an API token: its name, recorded in the audit log. */
  tokenName?: string;
  /** And its id, to audit its reads (recordTokenRead). */
  tokenId?: string;
}

/** Who seeds the demo, applies the clouds configuration and runs one-time commands: the console itself, on its host. */
export const SYSTEM_ACTOR = { id: "system:console", name: "console", role: "admin", ip: null } as const satisfies Actor;

export const WORKER_ACTOR = { id: "system:worker", name: "worker", role: "admin", ip: null } as const satisfies Actor;
