import { ROLES, type Role } from "@/server/domain/vocabulary";

/**
 * Who may do what: each "resource.verb" names the least role allowed. Roles nest
 * (shifter < operator < admin). Every procedure declares one of these; a test walks them all.
 */
export const PERMISSIONS = {
  "fleet.read": "shifter",
  "vms.launch": "operator",
  "vms.drain": "operator",
  "vms.destroy": "operator",
  "actions.retry": "operator",
  "actions.cancel": "operator",
  "clouds.pause": "operator",
  "clouds.disable": "operator",
  "siteParams.edit": "operator",
  "audit.read": "shifter",
  "users.manage": "admin",
  "users.unlockSignIn": "admin",
  "workers.read": "admin",
  "images.read": "shifter",
  "images.submit": "operator",
  "images.approve": "admin",
  "images.endorse": "admin",
  "images.revoke": "admin",
  "images.import": "admin",
  "images.publish": "admin",
  "endorser.manage": "admin",
  "trustedEndorsers.manage": "admin",
  /** One's own API tokens; an admin also sees and revokes everybody's (the services decide). */
  "tokens.manage": "shifter",
  "queues.read": "shifter",
  "autoscale.edit": "operator",
  "autoscale.pause": "operator",
  "alerts.read": "shifter",
  "alerts.acknowledge": "shifter",
  "alerts.editRule": "operator",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function isAllowed(role: Role | null | undefined, permission: Permission): boolean {
  return role != null && roleRank(role) >= roleRank(PERMISSIONS[permission]);
}
