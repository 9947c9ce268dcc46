/** CloudSigma 2.0 JSON shapes, as the API documentation's dumps show them. */
export const API = "/api/2.0/";
export const OWNER_UUID = "5b4a69a3-8e78-4c45-a8ba-8b13f0895e23";
export const MIB = 1024 * 1024;

export interface DriveAttachment {
  boot_order: number | null;
  dev_channel: string;
  device: string;
  drive: string;
}

/** A server definition as stored by POST /servers/ and edited by PUT. */
export interface ServerDef {
  uuid: string;
  name: string;
  cpu: number;
  mem: number;
  smp: number;
  vncPassword: string;
  drives: DriveAttachment[];
  meta: Record<string, string>;
  /** Its SimCloud VM's id: the uuid itself for servers created through the API. */
  vmId: string;
  /** Started and not stopped since: while true its SimCloud VM is the truth. */
  running: boolean;
}

export interface Drive {
  uuid: string;
  name: string;
  size: number;
  status: "cloning_dst" | "unmounted";
  imageId: string;
}

export interface ServerRuntime {
  activeSince: number;
  ip: string;
}

const owner = { resource_uri: `${API}user/${OWNER_UUID}/`, uuid: OWNER_UUID };

export function renderServerSummary(def: ServerDef, status: string, runtime: ServerRuntime | null): Record<string, unknown> {
  return { name: def.name, owner, resource_uri: `${API}servers/${def.uuid}/`, runtime: renderRuntime(runtime), status, uuid: def.uuid };
}

export function renderServer(def: ServerDef, status: string, runtime: ServerRuntime | null): Record<string, unknown> {
  return {
    ...renderServerSummary(def, status, runtime),
    context: true,
    cpu: def.cpu,
    cpu_model: null,
    cpus_instead_of_cores: false,
    drives: def.drives.map((d) => ({ ...d, drive: { resource_uri: `${API}drives/${d.drive}/`, uuid: d.drive } })),
    enable_numa: false,
    grantees: [],
    hv_relaxed: false,
    hv_tsc: false,
    hypervisor: "kvm",
    jobs: [],
    mem: def.mem,
    meta: def.meta,
    nics: [{ boot_order: null, ip_v4_conf: { conf: "dhcp", ip: null }, ip_v6_conf: null, mac: macFor(def.uuid), model: "virtio", vlan: null }],
    permissions: [],
    pubkeys: [],
    requirements: [],
    smp: def.smp,
    tags: [],
    vnc_password: def.vncPassword,
  };
}

function renderRuntime(runtime: ServerRuntime | null): Record<string, unknown> | null {
  if (!runtime) return null;
  return {
    active_since: new Date(runtime.activeSince).toISOString().replace(".000Z", "+00:00"),
    nics: [{ interface_type: "public", io: { bytes_recv: 0, bytes_sent: 0, packets_recv: 0, packets_sent: 0 }, ip_v4: { resource_uri: `${API}ips/${runtime.ip}/`, uuid: runtime.ip }, ip_v6: null }],
  };
}

export function renderLibdrive(image: { id: string; name: string; os: string; sizeBytes: number; properties?: Record<string, string> }): Record<string, unknown> {
  return {
    arch: "64",
    category: ["general"],
    description: image.name,
    distribution: image.os,
    favorite: false,
    image_type: "preinst",
    licenses: [],
    media: "disk",
    meta: { ...image.properties },
    mounted_on: [],
    name: image.name,
    os: "linux",
    owner: null,
    paid: false,
    resource_uri: `${API}libdrives/${image.id}/`,
    size: image.sizeBytes,
    status: "unmounted",
    storage_type: "dssd",
    uuid: image.id,
  };
}

export function renderDrive(drive: Drive, mountedOn: string[]): Record<string, unknown> {
  return {
    affinities: [],
    allow_multimount: false,
    jobs: [],
    licenses: [],
    media: "disk",
    meta: {},
    mounted_on: mountedOn.map((uuid) => ({ resource_uri: `${API}servers/${uuid}/`, uuid })),
    name: drive.name,
    owner,
    resource_uri: `${API}drives/${drive.uuid}/`,
    size: drive.size,
    status: drive.status,
    storage_type: "dssd",
    tags: [],
    uuid: drive.uuid,
  };
}

export function renderErrors(type: string, message: string, point: string | null = null): unknown[] {
  return [{ error_message: message, error_point: point, error_type: type }];
}

function macFor(uuid: string): string {
  const hex = uuid.replace(/-/g, "");
  return `22:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}`;
}
