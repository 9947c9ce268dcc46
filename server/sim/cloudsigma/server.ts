import { createHash } from "node:crypto";
import type { SimEndpoint } from "../core/endpoint";
import { applyFaults } from "../core/faults";
import { startSimServer, type SimRequest, type SimResponse } from "../core/http-server";
import { randomUuid } from "../core/random";
import { SimRefusal, type SimCloud, type SimFlavor, type SimVm, type SimVmPhase } from "../core/sim-cloud";
import {
  API,
  MIB,
  renderDrive,
  renderErrors,
  renderLibdrive,
  renderServer,
  renderServerSummary,
  type Drive,
  type DriveAttachment,
  type ServerDef,
  type ServerRuntime,
} from "./render";

const MHZ_PER_CORE = 2000;
const DEFAULT_LIMIT = 20;
const MAX_META_KEY = 32;
const USER_DATA_KEY = "cloudinit-user-data";
/** CloudSigma names no image on a server: the experiment's launchers record it in meta under this key. */
const IMAGE_META_KEY = "cloudscope_image";
const STATUS: Record<Exclude<SimVmPhase, "deleted">, string> = { pending: "starting", booting: "starting", running: "running", stopped: "stopped", failed: "unavailable" };

class ApiError extends Error {
  constructor(readonly status: number, readonly type: string, message: string, readonly point: string | null = null) {
    super(message);
  }
}

interface ListedServer {
  def: ServerDef;
  vm: SimVm | null;
  status: string;
}

/**
 * CloudSigma API 2.0 under /api/2.0/ over a SimCloud. A server lives here as a definition;
 * starting it creates its SimCloud VM, stopping deletes that VM and keeps the definition.
 * A library-drive clone finishes by the time anyone looks at it.
 */
export async function startCloudSigmaSim(cloud: SimCloud, options: { email?: string; password?: string } = {}): Promise<SimEndpoint> {
  const email = options.email ?? "atlas@cern.ch";
  const password = options.password ?? "helix-nebula";
  const authorization = `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`;
  const defs = new Map<string, ServerDef>();
  const uuidByVmId = new Map<string, string>();
  const remember = (def: ServerDef) => {
    defs.set(def.uuid, def);
    uuidByVmId.set(def.vmId, def.uuid);
  };
  const forget = (def: ServerDef) => {
    defs.delete(def.uuid);
    uuidByVmId.delete(def.vmId);
  };
  const drives = new Map<string, Drive>();
  let requests = 0;

  /** A definition for servers our API did not create (the site's own scheduler starts VMs too). */
  const defFor = (vm: SimVm): ServerDef => {
    const known = defs.get(uuidByVmId.get(vm.id) ?? "");
    if (known) return known;
    const flavor = cloud.flavors.find((f) => f.id === vm.flavorId);
    const vcpus = flavor?.vcpus ?? 1;
    const uuid = uuidFor(`${cloud.name}/${vm.id}`);
    const def: ServerDef = { uuid, name: vm.name, cpu: vcpus * MHZ_PER_CORE, mem: (flavor?.ramMb ?? 1024) * MIB, smp: vcpus, vncPassword: "sim", drives: [], meta: { [IMAGE_META_KEY]: vm.imageId, ...vm.metadata }, vmId: vm.id, running: true };
    remember(def);
    return def;
  };

  const listServers = (): ListedServer[] => {
    const out: ListedServer[] = [];
    const seen = new Set<string>();
    for (const vm of cloud.listVms()) {
      if (vm.phase === "deleted") continue;
      const def = defFor(vm);
      seen.add(def.uuid);
      out.push({ def, vm, status: STATUS[vm.phase] });
    }
    for (const def of defs.values()) {
      if (seen.has(def.uuid)) continue;
      // Started, and its VM is gone: the site deleted the server.
      if (def.running) forget(def);
      else out.push({ def, vm: null, status: "stopped" });
    }
    return out;
  };

  const findServer = (uuid: string): ListedServer => {
    const found = listServers().find((s) => s.def.uuid === uuid);
    if (!found) throw new ApiError(404, "notexist", `Object with uuid ${uuid} does not exist`);
    return found;
  };

  const runtimeOf = (s: ListedServer): ServerRuntime | null => (s.vm && s.status !== "stopped" ? { activeSince: s.vm.createdAt, ip: s.vm.ip } : null);

  const usage = () => {
    let cpu = 0;
    let mem = 0;
    for (const s of listServers()) {
      if (s.status === "starting" || s.status === "running") {
        cpu += s.def.cpu;
        mem += s.def.mem;
      }
    }
    const figure = (using: number, subscribed: number) => ({ burst: Math.max(0, using - subscribed), subscribed, using });
    return { cpu: figure(cpu, cloud.quota.cores * MHZ_PER_CORE), mem: figure(mem, cloud.quota.ramMb * MIB) };
  };

  const createServers = (body: unknown): ServerDef[] => {
    const objects = field(body, "objects");
    if (!Array.isArray(objects) || objects.length === 0) throw new ApiError(400, "validation", "This field is required", "objects");
    return objects.map((o) => {
      const name = field(o, "name");
      const cpu = field(o, "cpu");
      const mem = field(o, "mem");
      const vnc = field(o, "vnc_password");
      if (typeof name !== "string") throw new ApiError(400, "validation", "This field is required", "name");
      if (!isPositiveInt(cpu)) throw new ApiError(400, "validation", "This field is required", "cpu");
      if (!isPositiveInt(mem)) throw new ApiError(400, "validation", "This field is required", "mem");
      if (typeof vnc !== "string") throw new ApiError(400, "validation", "This field is required", "vnc_password");
      const smp = field(o, "smp");
      const uuid = randomUuid(() => cloud.draw());
      return {
        uuid,
        vmId: uuid,
        name,
        cpu,
        mem,
        smp: isPositiveInt(smp) ? smp : Math.ceil(cpu / MHZ_PER_CORE),
        vncPassword: vnc,
        drives: readAttachments(field(o, "drives")),
        meta: readMeta(field(o, "meta") ?? {}),
        running: false,
      };
    });
  };

  const readAttachments = (value: unknown): DriveAttachment[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new ApiError(400, "validation", "Expected a list", "drives");
    return value.map((a) => {
      const drive = field(a, "drive");
      const uuid = typeof drive === "string" ? drive : field(drive, "uuid");
      if (typeof uuid !== "string" || !drives.has(uuid)) throw new ApiError(400, "validation", `Drive ${String(uuid)} does not exist`, "drives");
      const bootOrder = field(a, "boot_order");
      return { boot_order: typeof bootOrder === "number" ? bootOrder : null, dev_channel: String(field(a, "dev_channel") ?? "0:0"), device: String(field(a, "device") ?? "virtio"), drive: uuid };
    });
  };

  const start = (s: ListedServer) => {
    if (s.status !== "stopped") throw new ApiError(403, "permission", `Cannot start server ${s.def.uuid} in status ${s.status}`);
    const boot = [...s.def.drives].sort((a, b) => (a.boot_order ?? 99) - (b.boot_order ?? 99))[0];
    const drive = boot && drives.get(boot.drive);
    if (!drive) throw new ApiError(400, "validation", "The server has no drive to boot from", "drives");
    if (drive.status !== "unmounted") throw new ApiError(403, "permission", `Drive ${drive.uuid} is ${drive.status}`);
    const flavor = nearestFlavor(cloud.flavors, s.def.smp, s.def.mem / MIB);
    if (!flavor) throw new ApiError(503, "backend", "No capacity in this location");
    if (s.vm) {
      cloud.deleteVm(s.vm.id);
      s.def.running = false;
    }
    try {
      cloud.createVm({ id: s.def.vmId, name: s.def.name, imageId: drive.imageId, flavorId: flavor.id, userData: userDataOf(s.def.meta), metadata: plainMeta(s.def.meta) });
    } catch (err) {
      if (err instanceof SimRefusal && err.reason === "quota") throw new ApiError(402, "billing", `Not enough funds to start the server for 5 days of burst usage (${err.message})`);
      if (err instanceof SimRefusal) throw new ApiError(400, "validation", err.message);
      throw err;
    }
    s.def.running = true;
  };

  const stop = (s: ListedServer) => {
    if (s.status === "stopped") throw new ApiError(403, "permission", `Cannot stop server ${s.def.uuid}: it is already stopped`);
    if (s.vm) cloud.deleteVm(s.vm.id);
    s.def.running = false;
  };

  /**
   * POST /drives/upload/ (octet-stream): the bytes become a new drive, answered with its uuid
   * as plain text. The sim files it in the account's library, so a launch can clone it.
   */
  const uploadDrive = (req: SimRequest): string => {
    if (req.headers["content-type"] !== "application/octet-stream") throw new ApiError(415, "validation", "Upload the drive's bytes as application/octet-stream");
    if (req.bytes.length === 0) throw new ApiError(400, "validation", "The upload is empty");
    const fault = cloud.faults.imageUpload;
    if (fault === "over_quota") throw new ApiError(402, "billing", `Not enough storage: the upload of ${req.bytes.length} bytes exceeds the ${Math.floor(req.bytes.length / 2)} bytes left in your subscription`);
    // A corrupting store keeps different bytes than it was sent; CloudSigma shows no checksum to notice it by.
    const stored = fault === "corrupt" ? Buffer.concat([req.bytes, Buffer.from([0])]) : req.bytes;
    const uuid = randomUuid(() => cloud.draw());
    cloud.images.push({ id: uuid, name: `Upload ${uuid.slice(0, 8)}`, os: "", sizeBytes: stored.length, sha512: createHash("sha512").update(stored).digest("hex"), status: "unmounted", properties: {} });
    return uuid;
  };

  /** A drive uploaded through the API (library drives of the site's own have no properties). */
  const findUploaded = (uuid: string) => {
    const image = cloud.images.find((img) => img.id === uuid && img.properties !== undefined);
    if (!image) throw new ApiError(404, "notexist", `Object with uuid ${uuid} does not exist`);
    return image;
  };

  const mountedOn = (driveUuid: string) => listServers().filter((s) => s.status !== "stopped" && s.def.drives.some((d) => d.drive === driveUuid)).map((s) => s.def.uuid);

  const route = (req: SimRequest): [status: number, body: unknown, listed?: boolean] => {
    const parts = req.url.pathname.slice(API.length).split("/").slice(0, -1);
    if (parts.length > 3) throw new ApiError(404, "notexist", `No resource at ${req.url.pathname}`);
    const [resource, id, sub] = parts;
    const method = req.method;
    const key = `${method} ${resource}${id === undefined ? "" : id === "detail" ? "/detail" : "/{id}"}${sub === undefined ? "" : `/${sub}`}`;
    const action = req.url.searchParams.get("do");
    switch (key) {
      case "GET servers":
        return [200, page(req, listServers().map((s) => renderServerSummary(s.def, s.status, runtimeOf(s)))), true];
      case "GET servers/detail":
        return [200, page(req, listServers().map((s) => renderServer(s.def, s.status, runtimeOf(s)))), true];
      case "POST servers": {
        const created = createServers(readJson(req.body));
        created.forEach(remember);
        return [201, { objects: created.map((def) => renderServer(def, "stopped", null)) }];
      }
      case "GET servers/{id}": {
        const s = findServer(id!);
        return [200, renderServer(s.def, s.status, runtimeOf(s))];
      }
      case "PUT servers/{id}": {
        const s = findServer(id!);
        const body = readJson(req.body);
        const name = field(body, "name");
        if (name !== undefined) s.def.name = String(name);
        if (field(body, "meta") !== undefined) s.def.meta = readMeta(field(body, "meta"));
        if (s.vm && s.status !== "stopped") cloud.setMetadata(s.vm.id, plainMeta(s.def.meta));
        return [200, renderServer(s.def, s.status, runtimeOf(s))];
      }
      case "DELETE servers/{id}": {
        const s = findServer(id!);
        if (s.status !== "stopped") throw new ApiError(403, "permission", `Cannot delete server ${s.def.uuid} in status ${s.status}: stop it first`);
        const recurse = req.url.searchParams.get("recurse");
        if (recurse === "all_drives" || recurse === "disks") for (const d of s.def.drives) drives.delete(d.drive);
        if (s.vm) cloud.deleteVm(s.vm.id);
        forget(s.def);
        return [204, null];
      }
      case "POST servers/{id}/action": {
        const s = findServer(id!);
        if (action === "start") start(s);
        else if (action === "stop") stop(s);
        else throw new ApiError(400, "validation", `Unknown action ${String(action)}`, "do");
        return [202, { action, result: "success", uuid: s.def.uuid }];
      }
      case "GET libdrives":
        return [200, page(req, cloud.images.map(renderLibdrive)), true];
      case "GET libdrives/{id}": {
        const image = cloud.images.find((img) => img.id === id);
        if (!image) throw new ApiError(404, "notexist", `Object with uuid ${id} does not exist`);
        return [200, renderLibdrive(image)];
      }
      case "POST libdrives/{id}/action": {
        const image = cloud.images.find((img) => img.id === id);
        if (!image) throw new ApiError(404, "notexist", `Object with uuid ${id} does not exist`);
        if (action !== "clone") throw new ApiError(400, "validation", `Unknown action ${String(action)}`, "do");
        const name = req.body ? field(readJson(req.body), "name") : undefined;
        const drive: Drive = { uuid: randomUuid(() => cloud.draw()), name: typeof name === "string" ? name : image.name, size: image.sizeBytes, status: "cloning_dst", imageId: image.id };
        drives.set(drive.uuid, drive);
        return [202, { objects: [renderDrive(drive, [])] }];
      }
      case "POST drives/{id}":
        if (id !== "upload") throw new ApiError(405, "notallowed", `Method POST is not allowed on ${req.url.pathname}`);
        return [201, uploadDrive(req)];
      case "PUT drives/{id}": {
        const uploaded = findUploaded(id!);
        const body = readJson(req.body);
        const name = field(body, "name");
        if (name !== undefined) uploaded.name = String(name);
        if (field(body, "meta") !== undefined) uploaded.properties = readMeta(field(body, "meta"));
        return [200, renderLibdrive(uploaded)];
      }
      case "GET drives/{id}": {
        if (!drives.has(id!)) return [200, renderLibdrive(findUploaded(id!))];
        const drive = drives.get(id!);
        if (!drive) throw new ApiError(404, "notexist", `Object with uuid ${id} does not exist`);
        drive.status = "unmounted";
        return [200, renderDrive(drive, mountedOn(drive.uuid))];
      }
      case "DELETE drives/{id}": {
        if (!drives.delete(id!)) throw new ApiError(404, "notexist", `Object with uuid ${id} does not exist`);
        return [204, null];
      }
      case "GET currentusage":
        return [200, { balance: { balance: "1000.00", currency: "EUR" }, usage: usage() }];
      case "GET balance":
        return [200, { balance: "1000.00", credit_limit: null, currency: "EUR" }];
      default:
        throw new ApiError(404, "notexist", `No resource at ${req.url.pathname}`);
    }
  };

  const server = await startSimServer(async (req): Promise<SimResponse | null> => {
    requests += 1;
    const headers = { "content-type": "application/json; charset=utf-8", "x-request-id": `sim-${requests}` };
    const reply = (status: number, body: unknown, extra: Record<string, string> = {}): SimResponse => ({
      status,
      headers: { ...headers, ...extra },
      body: body === null ? "" : JSON.stringify(body),
    });
    const outcome = await applyFaults(cloud);
    if (outcome.kind === "hang") return null;
    if (outcome.kind === "rate_limited") return reply(429, renderErrors("backend", "Request rate limit exceeded"), { "retry-after": String(outcome.retryAfterSec) });
    if (req.headers.authorization !== authorization) {
      return reply(401, renderErrors("permission", "Wrong email or password."), { "www-authenticate": 'Basic realm="CloudSigma API"' });
    }
    if (outcome.kind === "error") return reply(500, renderErrors("backend", "Backend error: the operation could not be completed"));
    if (!req.url.pathname.startsWith(API) || !req.url.pathname.endsWith("/")) return reply(404, renderErrors("notexist", `No resource at ${req.url.pathname}`));
    try {
      const [status, body, listed] = route(req);
      if (typeof body === "string") return { status, headers: { ...headers, "content-type": "text/plain; charset=utf-8" }, body };
      if (outcome.kind !== "malformed" || body === null) return reply(status, body);
      if (listed) return reply(status, withoutUuids(body));
      const text = JSON.stringify(body);
      return { status, headers, body: text.slice(0, Math.floor(text.length / 2)) };
    } catch (err) {
      if (err instanceof ApiError) return reply(err.status, renderErrors(err.type, err.message, err.point));
      throw err;
    }
  });

  return { kind: "cloudsigma", url: `${server.url}${API}`, region: null, credentials: { email, password }, close: () => server.close() };
}

/** A stable uuid for a VM the site's own scheduler started, so every server has one. */
function uuidFor(seed: string): string {
  const h = createHash("sha1").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function page(req: SimRequest, objects: unknown[]): unknown {
  const limit = intParam(req, "limit", DEFAULT_LIMIT);
  const offset = intParam(req, "offset", 0);
  return { meta: { limit, offset, total_count: objects.length }, objects: limit === 0 ? objects.slice(offset) : objects.slice(offset, offset + limit) };
}

function intParam(req: SimRequest, name: string, fallback: number): number {
  const raw = req.url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw new ApiError(400, "validation", `${name} must be a non-negative integer`, name);
  return Number(raw);
}

function withoutUuids(body: unknown): unknown {
  const objects = field(body, "objects");
  if (!Array.isArray(objects)) return body;
  return { ...(body as object), objects: objects.map((o) => ({ ...(o as object), uuid: undefined })) };
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "validation", "Request body is not JSON");
  }
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[name] : undefined;
}

function readMeta(value: unknown): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ApiError(400, "validation", "Expected an object", "meta");
  const meta: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.length > MAX_META_KEY) throw new ApiError(400, "validation", `Meta key ${key} is longer than ${MAX_META_KEY} characters`, "meta");
    if (typeof v !== "string") throw new ApiError(400, "validation", `Meta value of ${key} must be a string`, "meta");
    meta[key] = v;
  }
  return meta;
}

/** What the guest's cloud-init would read: base64 when base64_fields names the key. */
function userDataOf(meta: Record<string, string>): string {
  const raw = meta[USER_DATA_KEY] ?? "";
  const encoded = (meta.base64_fields ?? "").split(",").map((k) => k.trim()).includes(USER_DATA_KEY);
  return encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
}

function plainMeta(meta: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).filter(([key]) => key !== USER_DATA_KEY && key !== "base64_fields"));
}

/** The neutral model accounts by flavor: the smallest that holds the server, else the largest. */
function nearestFlavor(flavors: SimFlavor[], vcpus: number, ramMb: number): SimFlavor | undefined {
  const bySize = [...flavors].sort((a, b) => a.vcpus - b.vcpus || a.ramMb - b.ramMb);
  return bySize.find((f) => f.vcpus >= vcpus && f.ramMb >= ramMb) ?? bySize.at(-1);
}
