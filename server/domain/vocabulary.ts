/**
 * The words of the domain, defined once: db/schema.ts builds its enums from them, drivers,
 * services and routers check against them, and client components import them directly
 * (this module has no imports and no I/O, so it is safe in the browser bundle).
 */

/** Normalized VM states, in lifecycle order; each driver maps its provider's states onto these. */
export const VM_STATES = ["requested", "booting", "running", "draining", "terminated", "error", "lost"] as const;
export type VmState = (typeof VM_STATES)[number];

/** A VM that exists at the provider as far as we know: what "live" counts, on every page. */
export const LIVE_VM_STATES = ["requested", "booting", "running", "draining", "error"] as const satisfies readonly VmState[];

/** A VM that is gone at the provider; it changes again only if the provider lists it again. */
export const FINAL_VM_STATES = ["terminated", "lost"] as const satisfies readonly VmState[];

/** What the VM-state time series records and charts: the live states and lost (a loss is news; a termination is not). */
export const SAMPLED_VM_STATES = [...LIVE_VM_STATES, "lost"] as const satisfies readonly VmState[];

const FINAL: ReadonlySet<VmState> = new Set(FINAL_VM_STATES);

export function isFinalVmState(state: VmState): boolean {
  return FINAL.has(state);
}

/** The cloud kinds we speak to; what each one needs lives in server/clouds/<kind>/spec.ts. */
export const CLOUD_KINDS = ["openstack", "ec2", "opennebula", "cloudsigma"] as const;
export type CloudKind = (typeof CLOUD_KINDS)[number];

/** How a VM receives its site's settings at boot; the cloud's configuration picks one. */
export const CONTEXT_METHODS = ["cloud-init", "hepix", "puppet"] as const;
export type ContextMethod = (typeof CONTEXT_METHODS)[number];

export const CONTEXT_METHOD_LABELS: Record<ContextMethod, string> = { "cloud-init": "cloud-init user-data", hepix: "HEPiX context", puppet: "Puppet/hiera data" };

/** A cloud's health as the worker last judged it. */
export const CLOUD_STATUSES = ["unknown", "up", "degraded", "down", "disabled"] as const;
export type CloudStatus = (typeof CLOUD_STATUSES)[number];

/** Roles nest: admin ⊃ operator ⊃ shifter, in this order. */
export const ROLES = ["shifter", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ACTION_KINDS = ["launch", "drain", "destroy", "publish"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const ACTION_KIND_LABELS: Record<ActionKind, string> = { launch: "Launch", drain: "Drain", destroy: "Destroy", publish: "Publish" };

/** queued → running → one of the finished four; only a launch ends partly failed (some of its VMs running, the others failed). */
export const ACTION_STATUSES = ["queued", "running", "succeeded", "partly_failed", "failed", "cancelled"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  queued: "queued",
  running: "running",
  succeeded: "succeeded",
  partly_failed: "partly failed",
  failed: "failed",
  cancelled: "cancelled",
};

/** An action in one of these will not change again (short of a retry, which is a new attempt). */
export const FINISHED_ACTION_STATUSES = ["succeeded", "partly_failed", "failed", "cancelled"] as const satisfies readonly ActionStatus[];

const FINISHED: ReadonlySet<ActionStatus> = new Set(FINISHED_ACTION_STATUSES);

export function isFinishedActionStatus(status: ActionStatus): boolean {
  return FINISHED.has(status);
}

/** "Launch of 3 VMs", "Drain of 1 VM", "Publish to 2 clouds" (a publish's items are clouds). */
export function describeAction(kind: ActionKind, count: number): string {
  if (kind === "publish") return `Publish to ${count} ${count === 1 ? "cloud" : "clouds"}`;
  return `${ACTION_KIND_LABELS[kind]} of ${count} ${count === 1 ? "VM" : "VMs"}`;
}

/** What one poll of a cloud reads; each is scheduled and can fail on its own. */
export const POLL_RESOURCES = ["vms", "limits", "images", "flavors"] as const;
export type PollResource = (typeof POLL_RESOURCES)[number];

/** Quota resources a cloud reports, in the order we show and check them. */
export const QUOTA_RESOURCES = ["instances", "cores", "ram_mb"] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];

export const QUOTA_RESOURCE_LABELS: Record<QuotaResource, string> = { instances: "instances", cores: "cores", ram_mb: "RAM" };

/** Image catalogue: a version's states and the channels its lists are published on. */
export const IMAGE_VERSION_STATES = ["draft", "submitted", "approved", "rejected", "endorsed", "revoked", "expired"] as const;
export type ImageVersionState = (typeof IMAGE_VERSION_STATES)[number];

export const IMAGE_CHANNELS = ["testing", "production"] as const;
export type ImageChannel = (typeof IMAGE_CHANNELS)[number];

/** How an image takes its contextualization; "none" for images that take none. */
export const IMAGE_CONTEXT_METHODS = [...CONTEXT_METHODS, "none"] as const;
export type ImageContextMethod = (typeof IMAGE_CONTEXT_METHODS)[number];

export const IMAGE_DISK_FORMATS = ["qcow2", "raw", "vmdk", "vdi", "ova", "iso"] as const;

/**
 * A version's copy on one cloud: being published, present (the cloud's checksum matches the
 * catalogue's), modified (it does not), failed (with the provider's words), or removed.
 */
export const DEPLOYMENT_STATUSES = ["publishing", "present", "modified", "failed", "removed"] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export const DEPLOYMENT_STATUS_LABELS: Record<DeploymentStatus, string> = {
  publishing: "publishing",
  present: "present",
  modified: "present but modified",
  failed: "failed",
  removed: "removed",
};

/** What a VM runs, as the classifier judges its image against the catalogue. */
export const VM_IMAGE_CLASSES = ["production", "testing", "revoked", "expired", "unapproved", "unknown"] as const;
export type VmImageClass = (typeof VM_IMAGE_CLASSES)[number];

export const VM_IMAGE_CLASS_LABELS: Record<VmImageClass, string> = {
  production: "approved (production)",
  testing: "approved (testing)",
  revoked: "revoked",
  expired: "expired",
  unapproved: "unapproved",
  unknown: "unknown",
};

/**
 * Job counts a PanDA queue is sampled by, PanDA's states grouped as the console shows them:
 * starting includes sent, holding includes merging and transferring, cancelled includes closed.
 */
export const JOB_STATES = ["activated", "starting", "running", "holding", "finished", "failed", "cancelled"] as const;
export type JobState = (typeof JOB_STATES)[number];

export const JOB_STATE_LABELS: Record<JobState, string> = {
  activated: "activated",
  starting: "starting",
  running: "running",
  holding: "holding/transferring",
  finished: "finished",
  failed: "failed",
  cancelled: "cancelled/closed",
};

/** What a cloud's health is judged on; each signal carries its value, threshold and since when. */
export const HEALTH_SIGNALS = ["reachability", "latency", "flapping", "boot_failures", "error_vms", "lost_vms", "stale_data"] as const;
export type HealthSignal = (typeof HEALTH_SIGNALS)[number];

export const HEALTH_SIGNAL_LABELS: Record<HealthSignal, string> = {
  reachability: "API reachability",
  latency: "API latency",
  flapping: "Flapping",
  boot_failures: "Boot failures",
  error_vms: "VMs in error",
  lost_vms: "VMs lost",
  stale_data: "Stale data",
};

/** pending (holding, not yet for its "for" duration) → firing → acknowledged → resolved. */
export const ALERT_STATES = ["pending", "firing", "acknowledged", "resolved"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const ALERT_SEVERITIES = ["warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
