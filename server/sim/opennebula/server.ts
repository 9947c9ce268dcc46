import { createHash } from "node:crypto";
import type { SimEndpoint } from "../core/endpoint";
import { applyFaults } from "../core/faults";
import { startSimServer, type SimResponse } from "../core/http-server";
import { SimRefusal, type SimCloud, type SimFlavor, type SimImage, type SimVm } from "../core/sim-cloud";
import { FAULT, RpcFault, escapeText, parseMethodCall, renderFault, renderResponse, type RpcValue } from "./xml-rpc";
import { TemplateSyntaxError, parseTemplate, type TemplateAttribute } from "./template";

const ERR = { AUTHENTICATION: 0x0100, AUTHORIZATION: 0x0200, NO_EXISTS: 0x0400, ACTION: 0x0800, XML_RPC_API: 0x1000, INTERNAL: 0x2000, ALLOCATE: 0x4000 };
/** Image states; an image being downloaded into the datastore is LOCKED. */
const IMAGE_STATE: Record<string, number> = { READY: 1, LOCKED: 4, ERROR: 5 };
const IMAGE_DATASTORE = 1;
const STATE = { PENDING: 1, ACTIVE: 3, DONE: 6, POWEROFF: 8 };
const LCM = { LCM_INIT: 0, PROLOG: 1, BOOT: 2, RUNNING: 3, BOOT_FAILURE: 36 };
const USER_ID = 2;
const MIB = 1024 * 1024;

/** What a VM's template said beyond the provider-neutral model. */
interface VmTemplate {
  cpu: number;
  vcpu: number;
  memory: number;
  network: string;
  context: Record<string, string>;
}

/** A failed call: OpenNebula's [false, message, errcode] envelope. */
class OneFailure extends Error {
  constructor(readonly errcode: number, message: string) {
    super(message);
  }
}

type Handler = (args: RpcValue[]) => RpcValue;

/**
 * OpenNebula's XML-RPC API at /RPC2 over a SimCloud: VM ids are vm.seq, image ids the SimImage
 * ids (numeric, as OpenNebula's are; otherwise their position), metadata lives in USER_TEMPLATE
 * with upper-cased names.
 */
export async function startOpenNebulaSim(cloud: SimCloud, options: { username?: string; password?: string } = {}): Promise<SimEndpoint> {
  const username = options.username ?? "atlas";
  const password = options.password ?? "stratuslab";
  const templates = new Map<string, VmTemplate>();

  const forgetGoneTemplates = () => {
    for (const id of templates.keys()) if (!cloud.getVm(id)) templates.delete(id);
  };
  const liveVm = (seq: number, method: string): SimVm => {
    const vm = cloud.listVms().find((v) => v.seq === seq && v.phase !== "deleted");
    if (!vm) throw new OneFailure(ERR.NO_EXISTS, `[${method}] Error getting virtual machine [${seq}].`);
    return vm;
  };
  const templateOf = (vm: SimVm): VmTemplate => {
    const known = templates.get(vm.id);
    if (known) return known;
    const flavor = cloud.flavors.find((f) => f.id === vm.flavorId);
    return { cpu: flavor?.vcpus ?? 1, vcpu: flavor?.vcpus ?? 1, memory: flavor?.ramMb ?? 1024, network: "public", context: {} };
  };

  const renderVm = (vm: SimVm, withState: boolean): string => {
    const [state, lcm] = oneState(vm, cloud.clock.now());
    const t = templateOf(vm);
    const imageIndex = cloud.images.findIndex((img) => img.id === vm.imageId);
    const image = cloud.images[imageIndex];
    const userTemplate = Object.entries(vm.metadata).map(([k, v]) => element(k.toUpperCase(), cdata(v)));
    if (vm.phase === "failed") userTemplate.push(element("ERROR", cdata("Error deploying virtual machine: the hypervisor could not boot it")));
    return element(
      "VM",
      element("ID", vm.seq) +
        element("UID", USER_ID) +
        element("GID", 1) +
        element("UNAME", escapeText(username)) +
        element("GNAME", "users") +
        element("NAME", escapeText(vm.name)) +
        (withState ? element("STATE", state) : "") +
        element("LCM_STATE", lcm) +
        element("STIME", Math.floor(vm.createdAt / 1000)) +
        element("ETIME", vm.deletedAt === null ? 0 : Math.floor(vm.deletedAt / 1000)) +
        element("DEPLOY_ID", state === STATE.ACTIVE ? `one-${vm.seq}` : "") +
        element(
          "TEMPLATE",
          element("CONTEXT", Object.entries(t.context).map(([k, v]) => element(k, cdata(v))).join("")) +
            element("CPU", cdata(String(t.cpu))) +
            element("DISK", element("DISK_ID", 0) + element("IMAGE", cdata(image?.name ?? "")) + element("IMAGE_ID", image ? oneImageId(image, imageIndex) : -1) + element("TARGET", "vda")) +
            element("MEMORY", cdata(String(t.memory))) +
            element("NIC", element("IP", cdata(vm.ip)) + element("NETWORK", cdata(t.network)) + element("NIC_ID", 0)) +
            element("VCPU", cdata(String(t.vcpu))) +
            element("VMID", vm.seq),
        ) +
        element("USER_TEMPLATE", userTemplate.join("")) +
        "<HISTORY_RECORDS/>",
    );
  };

  const vmPoolInfo = (malformed: boolean): Handler => ([, , start, end, stateFilter]) => {
    forgetGoneTemplates();
    let vms = cloud
      .listVms()
      .filter((vm) => {
        const state = oneState(vm, cloud.clock.now())[0];
        return stateFilter === -2 || (stateFilter === -1 ? state !== STATE.DONE : state === stateFilter);
      })
      .sort((a, b) => a.seq - b.seq);
    const [from, to] = [Number(start), Number(end)];
    // end < -1 asks for a page of -end VMs from offset `start`; otherwise start..end is an id range.
    vms = to < -1 ? vms.slice(Math.max(from, 0), Math.max(from, 0) - to) : vms.filter((vm) => (from < 0 || vm.seq >= from) && (to < 0 || vm.seq <= to));
    return `<VM_POOL>${vms.map((vm) => renderVm(vm, !malformed)).join("")}</VM_POOL>`;
  };

  const allocate: Handler = ([, templateText]) => {
    let attributes: TemplateAttribute[];
    try {
      attributes = parseTemplate(String(templateText));
    } catch (err) {
      if (err instanceof TemplateSyntaxError) throw new OneFailure(ERR.ALLOCATE, `[one.vm.allocate] Error allocating a new virtual machine template. Parse error: ${err.message}`);
      throw err;
    }
    const scalar = (name: string) => attributes.find((a) => a.name === name && typeof a.value === "string")?.value as string | undefined;
    const vector = (name: string) => attributes.find((a) => a.name === name && typeof a.value !== "string")?.value as Record<string, string> | undefined;
    const memory = Number(scalar("MEMORY"));
    const cpu = Number(scalar("CPU") ?? 1);
    const vcpu = Number(scalar("VCPU") ?? cpu);
    if (!(memory > 0)) throw new OneFailure(ERR.ALLOCATE, "[one.vm.allocate] Error allocating a new virtual machine. No MEMORY in template.");
    const imageId = vector("DISK")?.IMAGE_ID;
    const image = cloud.images.find((img, index) => oneImageId(img, index) === imageId);
    if (!image) throw new OneFailure(ERR.ALLOCATE, `[one.vm.allocate] Error allocating a new virtual machine. Error getting image [${imageId ?? "none"}].`);
    if ((image.status ?? "READY") !== "READY") throw new OneFailure(ERR.ALLOCATE, `[one.vm.allocate] Error allocating a new virtual machine. Image [${imageId}] is in state ${image.status}, not READY.`);
    const flavor = nearestFlavor(cloud.flavors, vcpu, memory);
    if (!flavor) throw new OneFailure(ERR.INTERNAL, "[one.vm.allocate] This cloud has no hosts configured.");
    const context = vector("CONTEXT") ?? {};
    const encoded = context.CLOUD_INIT_USER_DATA;
    const metadata: Record<string, string> = {};
    for (const a of attributes) {
      if (typeof a.value === "string" && !["NAME", "CPU", "VCPU", "MEMORY"].includes(a.name)) metadata[a.name.toLowerCase()] = a.value;
    }
    let vm: SimVm;
    try {
      vm = cloud.createVm({
        name: scalar("NAME") ?? "one-vm",
        imageId: image.id,
        flavorId: flavor.id,
        userData: encoded ? Buffer.from(encoded, "base64").toString("utf8") : "",
        metadata,
      });
    } catch (err) {
      if (err instanceof SimRefusal && err.reason === "quota") throw new OneFailure(ERR.AUTHORIZATION, `[one.vm.allocate] ${quotaMessage(cloud, flavor)}`);
      if (err instanceof SimRefusal) throw new OneFailure(ERR.ALLOCATE, `[one.vm.allocate] Error allocating a new virtual machine. ${err.message}`);
      throw err;
    }
    templates.set(vm.id, { cpu, vcpu, memory, network: vector("NIC")?.NETWORK ?? "public", context });
    return vm.seq;
  };

  const action: Handler = ([, name, id]) => {
    const vm = liveVm(Number(id), "one.vm.action");
    if (name !== "terminate" && name !== "terminate-hard") throw new OneFailure(ERR.XML_RPC_API, `[one.vm.action] Virtual machine action "${String(name)}" is not supported`);
    cloud.deleteVm(vm.id);
    return vm.seq;
  };

  const update: Handler = ([, id, templateText, mode]) => {
    const vm = liveVm(Number(id), "one.vm.update");
    let attributes: TemplateAttribute[];
    try {
      attributes = parseTemplate(String(templateText));
    } catch (err) {
      if (err instanceof TemplateSyntaxError) throw new OneFailure(ERR.INTERNAL, `[one.vm.update] Error parsing user template: ${err.message}`);
      throw err;
    }
    const incoming: Record<string, string> = {};
    for (const a of attributes) if (typeof a.value === "string") incoming[a.name.toLowerCase()] = a.value;
    cloud.setMetadata(vm.id, mode === 1 ? { ...vm.metadata, ...incoming } : incoming);
    return vm.seq;
  };

  /** Images allocated through the API carry their template attributes (properties); the site's own do not. */
  const renderImage = (img: SimImage, index: number): string =>
    element(
      "IMAGE",
      element("ID", oneImageId(img, index)) +
        element("UID", img.properties ? USER_ID : 0) +
        element("UNAME", img.properties ? escapeText(username) : "oneadmin") +
        element("NAME", escapeText(img.name)) +
        element("TYPE", 0) +
        element("PERSISTENT", 0) +
        element("SOURCE", escapeText(`/var/lib/one/datastores/${IMAGE_DATASTORE}/${img.sha512.slice(0, 32)}`)) +
        element("SIZE", Math.ceil(img.sizeBytes / MIB)) +
        element("STATE", IMAGE_STATE[img.status ?? "READY"] ?? IMAGE_STATE.READY!) +
        element(
          "TEMPLATE",
          img.properties
            ? Object.entries(img.properties)
                .map(([name, value]) => element(name, cdata(value)))
                .join("")
            : element("DESCRIPTION", cdata(img.os)) + element("DEV_PREFIX", cdata("vd")),
        ),
    );

  const imagePoolInfo: Handler = () => element("IMAGE_POOL", cloud.images.map(renderImage).join(""));

  const findImage = (id: RpcValue, method: string): [SimImage, number] => {
    const index = cloud.images.findIndex((img, i) => oneImageId(img, i) === String(id));
    if (index < 0) throw new OneFailure(ERR.NO_EXISTS, `[${method}] Error getting image [${String(id)}].`);
    return [cloud.images[index]!, index];
  };

  /**
   * one.image.allocate(session, template, datastore): the image is LOCKED while the datastore
   * downloads PATH, then READY with the MD5 and SHA1 of what arrived, or ERROR saying why.
   */
  const imageAllocate: Handler = ([, templateText, datastore]) => {
    let attributes: TemplateAttribute[];
    try {
      attributes = parseTemplate(String(templateText));
    } catch (err) {
      if (err instanceof TemplateSyntaxError) throw new OneFailure(ERR.ALLOCATE, `[one.image.allocate] Error allocating a new image. Parse error: ${err.message}`);
      throw err;
    }
    if (datastore !== IMAGE_DATASTORE) throw new OneFailure(ERR.NO_EXISTS, `[one.image.allocate] Error getting datastore [${String(datastore)}].`);
    const properties: Record<string, string> = {};
    for (const a of attributes) if (typeof a.value === "string") properties[a.name] = a.value;
    const name = properties.NAME;
    const path = properties.PATH;
    if (!name) throw new OneFailure(ERR.ALLOCATE, "[one.image.allocate] No NAME in template for Image.");
    if (!path) throw new OneFailure(ERR.ALLOCATE, "[one.image.allocate] Error allocating a new image. No PATH or SOURCE in template.");
    const taken = cloud.images.findIndex((img) => img.name === name);
    if (taken >= 0) throw new OneFailure(ERR.ALLOCATE, `[one.image.allocate] NAME is already taken by IMAGE ${oneImageId(cloud.images[taken]!, taken)}.`);
    const id = String(Math.max(-1, ...cloud.images.map((img, i) => Number(oneImageId(img, i)))) + 1);
    const image: SimImage = { id, name, os: "", sizeBytes: 0, sha512: "", status: "LOCKED", properties };
    cloud.images.push(image);
    void downloadImage(image, path);
    return Number(id);
  };

  const downloadImage = async (image: SimImage, path: string): Promise<void> => {
    const fail = (why: string) => {
      image.status = "ERROR";
      image.properties = { ...image.properties, ERROR: `Error copying image in the datastore: ${why}` };
    };
    try {
      const res = await fetch(path);
      if (!res.ok) return fail(`Cannot download ${path}: HTTP ${res.status}`);
      const bytes = Buffer.from(await res.arrayBuffer());
      const fault = cloud.faults.imageUpload;
      if (fault === "over_quota") return fail(`Not enough space in datastore: ${Math.ceil(bytes.length / MIB)} MB needed, ${Math.floor(bytes.length / MIB / 2)} MB free`);
      const stored = fault === "corrupt" ? Buffer.concat([bytes, Buffer.from([0])]) : bytes;
      image.sizeBytes = stored.length;
      image.sha512 = createHash("sha512").update(stored).digest("hex");
      image.properties = { ...image.properties, MD5: createHash("md5").update(stored).digest("hex"), SHA1: createHash("sha1").update(stored).digest("hex") };
      image.status = "READY";
    } catch (err) {
      fail(`Cannot download ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const imageInfo: Handler = ([, id]) => {
    const [image, index] = findImage(id!, "one.image.info");
    return renderImage(image, index);
  };

  const imageDelete: Handler = ([, id]) => {
    const [image, index] = findImage(id!, "one.image.delete");
    if (image.status === "LOCKED") throw new OneFailure(ERR.ACTION, `[one.image.delete] Cannot delete image [${String(id)}] in state LOCKED.`);
    cloud.images.splice(index, 1);
    return Number(id);
  };

  const userInfo: Handler = () => {
    forgetGoneTemplates();
    const used = cloud.usage();
    const q = cloud.quota;
    const vmQuota = (v: { vms: number; cpu: number; memory: number }, u: { vms: number; cpu: number; memory: number }) =>
      element(
        "VM_QUOTA",
        element(
          "VM",
          element("CPU", v.cpu) + element("CPU_USED", u.cpu) + element("MEMORY", v.memory) + element("MEMORY_USED", u.memory) + element("SYSTEM_DISK_SIZE", -1) + element("SYSTEM_DISK_SIZE_USED", 0) + element("VMS", v.vms) + element("VMS_USED", u.vms),
        ),
      );
    return element(
      "USER",
      element("ID", USER_ID) +
        element("GID", 1) +
        element("GNAME", "users") +
        element("NAME", escapeText(username)) +
        element("AUTH_DRIVER", "core") +
        element("ENABLED", 1) +
        "<DATASTORE_QUOTA/><NETWORK_QUOTA/>" +
        vmQuota({ vms: q.instances, cpu: q.cores, memory: q.ramMb }, { vms: used.instances, cpu: used.cores, memory: used.ramMb }) +
        "<IMAGE_QUOTA/>" +
        element("DEFAULT_USER_QUOTAS", vmQuota({ vms: -2, cpu: -2, memory: -2 }, { vms: 0, cpu: 0, memory: 0 })),
    );
  };

  const methods: Record<string, { signature: string; run: (malformed: boolean) => Handler }> = {
    "one.vmpool.info": { signature: "siiii", run: vmPoolInfo },
    "one.imagepool.info": { signature: "siii", run: () => imagePoolInfo },
    "one.image.allocate": { signature: "ssi", run: () => imageAllocate },
    "one.image.info": { signature: "si", run: () => imageInfo },
    "one.image.delete": { signature: "si", run: () => imageDelete },
    "one.user.info": { signature: "si", run: () => userInfo },
    "one.vm.allocate": { signature: "ssb", run: () => allocate },
    "one.vm.action": { signature: "ssi", run: () => action },
    "one.vm.update": { signature: "sisi", run: () => update },
  };

  const server = await startSimServer(async (req): Promise<SimResponse | null> => {
    if (req.url.pathname !== "/RPC2") return { status: 404, headers: { "content-type": "text/plain" }, body: "Not Found" };
    if (req.method !== "POST") return { status: 405, headers: { "content-type": "text/plain", allow: "POST" }, body: "Method Not Allowed" };
    const outcome = await applyFaults(cloud);
    if (outcome.kind === "hang") return null;
    if (outcome.kind === "rate_limited") {
      return { status: 503, headers: { "content-type": "text/plain", "retry-after": String(outcome.retryAfterSec) }, body: "Service Unavailable" };
    }
    try {
      const call = parseMethodCall(req.body);
      const method = methods[call.method];
      if (!method) throw new RpcFault(FAULT.NO_SUCH_METHOD, `Method '${call.method}' not defined`);
      checkSignature(call.params, method.signature);
      if (call.params[0] !== `${username}:${password}`) throw new OneFailure(ERR.AUTHENTICATION, `[${call.method}] User couldn't be authenticated, aborting call.`);
      if (outcome.kind === "error") throw new OneFailure(ERR.INTERNAL, `[${call.method}] internal error`);
      if (outcome.kind === "malformed" && call.method !== "one.vmpool.info") return xml("<methodResponse><params><param><value>");
      return xml(renderResponse([true, method.run(outcome.kind === "malformed")(call.params), 0]));
    } catch (err) {
      if (err instanceof OneFailure) return xml(renderResponse([false, err.message, err.errcode]));
      if (err instanceof RpcFault) return xml(renderFault(err));
      throw err;
    }
  });

  return { kind: "opennebula", url: `${server.url}/RPC2`, region: null, credentials: { username, password }, close: () => server.close() };
}

function oneState(vm: SimVm, now: number): [state: number, lcm: number] {
  switch (vm.phase) {
    case "pending":
      return [STATE.PENDING, LCM.LCM_INIT];
    case "booting":
      // The image transfer (PROLOG) takes the first third of the boot window.
      return [STATE.ACTIVE, now < vm.scheduledAt + (vm.bootedAt - vm.scheduledAt) / 3 ? LCM.PROLOG : LCM.BOOT];
    case "running":
      return [STATE.ACTIVE, LCM.RUNNING];
    case "failed":
      return [STATE.ACTIVE, LCM.BOOT_FAILURE];
    case "stopped":
      // A guest that shuts itself down is put in POWEROFF (still in the pool, still on quota); only terminate makes a VM DONE.
      return [STATE.POWEROFF, LCM.LCM_INIT];
    case "deleted":
      return [STATE.DONE, LCM.LCM_INIT];
  }
}

function checkSignature(params: RpcValue[], signature: string): void {
  const kinds: Record<string, (v: RpcValue | undefined) => boolean> = {
    s: (v) => typeof v === "string",
    i: (v) => typeof v === "number",
    b: (v) => typeof v === "boolean",
  };
  const ok = params.length === signature.length && [...signature].every((k, i) => kinds[k]!(params[i]));
  if (!ok) throw new RpcFault(FAULT.TYPE, `Type mismatch: expected parameters (${signature})`);
}

/** The neutral model accounts by flavor: the smallest that holds the VM, else the largest. */
function nearestFlavor(flavors: SimFlavor[], vcpus: number, ramMb: number): SimFlavor | undefined {
  const bySize = [...flavors].sort((a, b) => a.vcpus - b.vcpus || a.ramMb - b.ramMb);
  return bySize.find((f) => f.vcpus >= vcpus && f.ramMb >= ramMb) ?? bySize.at(-1);
}

function oneImageId(image: SimImage, index: number): string {
  return /^\d+$/.test(image.id) ? image.id : String(index);
}

function quotaMessage(cloud: SimCloud, flavor: SimFlavor): string {
  const used = cloud.usage();
  const q = cloud.quota;
  const [name, limit] =
    used.instances + 1 > q.instances ? ["VMS", q.instances] : used.cores + flavor.vcpus > q.cores ? ["CPU", q.cores] : ["MEMORY", q.ramMb];
  return `User [${USER_ID}] : user [${USER_ID}] limit of ${limit} reached for ${name} quota in VM.`;
}

function element(name: string, content: string | number): string {
  return `<${name}>${content}</${name}>`;
}

function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

function xml(body: string): SimResponse {
  return { status: 200, headers: { "content-type": "text/xml" }, body };
}
