import type { Role } from "@/db/schema";

/** The signed-in person a service acts for; the worker acts as a system actor. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  ip: string | null;
}

export const WORKER_ACTOR = { id: "system:worker", name: "worker", role: "admin", ip: null } as const satisfies Actor;
