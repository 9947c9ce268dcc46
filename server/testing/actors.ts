import type { Role } from "@/server/domain/vocabulary";
import type { Actor } from "@/server/services/lib/actor";

/** A signed-in actor for router and service tests (no session behind it). */
export function testActor(role: Role, overrides: Partial<Actor> = {}): Actor {
  return { id: `test-${role}`, name: role, role, ip: "192.0.2.1", ...overrides };
}
