import { ROLES, type Role } from "./vocabulary";

/** The provider's groups (e-groups) that grant a role, e.g. atlas-adc-cloud-admins → admin. */
export type GroupRoleMap = ReadonlyMap<string, Role>;

/**
 * Reads `group=role,group=role` (CLOUDSCOPE_OIDC_GROUP_ROLES). Throws naming the bad entry, so a
 * typo stops the start instead of silently locking a group out.
 */
export function parseGroupRoleMap(raw: string): GroupRoleMap {
  const map = new Map<string, Role>();
  for (const entry of raw.split(",").map((e) => e.trim()).filter(Boolean)) {
    const [group, role, ...rest] = entry.split("=").map((p) => p.trim());
    if (!group || !role || rest.length > 0) throw new Error(`expected group=role, got ${JSON.stringify(entry)}`);
    if (!(ROLES as readonly string[]).includes(role)) throw new Error(`${JSON.stringify(group)} maps to ${JSON.stringify(role)}, not one of ${ROLES.join(", ")}`);
    if (map.has(group)) throw new Error(`${JSON.stringify(group)} is mapped twice`);
    map.set(group, role as Role);
  }
  if (map.size === 0) throw new Error("expected at least one group=role");
  return map;
}

/** The claim's value as a list of group names: providers send an array, some a single string. */
export function readGroupsClaim(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === "string") : [];
}

/** The highest role any of the user's groups grants, or null: then the user may not sign in. */
export function decideRoleFromGroups(groups: readonly string[], map: GroupRoleMap): Role | null {
  let best: Role | null = null;
  for (const group of groups) {
    const role = map.get(group);
    if (role && (best === null || ROLES.indexOf(role) > ROLES.indexOf(best))) best = role;
  }
  return best;
}
