import type { SimEndpoint } from "../core/endpoint";
import { applyFaults } from "../core/faults";
import { startSimServer, type SimRequest, type SimResponse } from "../core/http-server";
import { createRandom, randomUuid } from "../core/random";
import { SimRefusal, type SimCloud, type SimVm } from "../core/sim-cloud";
import { Ec2Fault, instanceNotFound, invalidValue, missing, throwing } from "./fault";
import { createImageImports } from "./import-image";
import { compileInstanceFilters, type InstanceFacts } from "./instance-filters";
import { describeInstanceTypes } from "./instance-types";
import { readCount, readFilters, readList, readMaxResults, readNextToken, readTags, readTagSpecifications, readUserData, writeNextToken } from "./params";
import { checkSigV4 } from "./sigv4";
import { node, set, text } from "./xml";

/**
 * The EC2 Query API as OpenStack's ec2-api serves it at /services/Cloud, written from the
 * protocol reference; shares nothing with the driver. Instance ids are the SimVm ids (give the
 * SimCloud idPrefix "i-"), image ids the SimImage ids.
 */

export interface Ec2SimOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  /** Most instances one DescribeInstances page holds, whatever MaxResults asks for. */
  pageCap?: number;
}

const SERVICE_PATH = "/services/Cloud";
const OWNER_ID = "123456789012";
const MAX_RESULTS = { min: 5, max: 1000 };

interface InstanceState {
  code: number;
  name: string;
  reason: { code: string; message: string } | null;
}

const PENDING: InstanceState = { code: 0, name: "pending", reason: null };
const RUNNING: InstanceState = { code: 16, name: "running", reason: null };
const SHUTTING_DOWN: InstanceState = { code: 32, name: "shutting-down", reason: null };
const USER_SHUTDOWN = { code: "Client.UserInitiatedShutdown", message: "Client.UserInitiatedShutdown: User initiated shutdown" };
const SELF_SHUTDOWN = { code: "Client.InstanceInitiatedShutdown", message: "Client.InstanceInitiatedShutdown: Instance initiated shutdown" };
const LAUNCH_FAILURE = { code: "Server.InternalError", message: "Server.InternalError: Internal error on launch" };

interface Launch {
  vmIds: string[];
  /** What the first call asked for: a token reused with other parameters is refused. */
  fingerprint: string;
}

export async function startEc2Sim(cloud: SimCloud, options: Ec2SimOptions = {}): Promise<SimEndpoint> {
  const account = {
    accessKeyId: options.accessKeyId ?? "AKIDCLOUDSCOPESIM",
    secretAccessKey: options.secretAccessKey ?? "cloudscope-sim-secret-key",
    region: options.region ?? "us-east-1",
    service: "ec2",
  };
  const launchesByToken = new Map<string, Launch>();
  const tokenOf = new Map<string, string>();
  const reservationOf = new Map<string, string>();
  const requestIds = createRandom(0xec2);
  let malformedReplies = 0;

  const reservationId = (vm: SimVm) => reservationOf.get(vm.id) ?? `r-${vm.seq.toString(16).padStart(8, "0")}`;

  // Instances here shut down with behaviour "terminate": one that powered itself off is gone and
  // stops counting against the quota, which the neutral model does only once it is deleted.
  const terminateShutDown = () => {
    for (const vm of cloud.listVms()) if (vm.phase === "stopped") cloud.deleteVm(vm.id);
  };

  const stateOf = (vm: SimVm): InstanceState => {
    switch (vm.phase) {
      case "pending":
      case "booting":
        return PENDING;
      case "running":
        return RUNNING;
      default:
        return { code: 48, name: "terminated", reason: terminationReason(vm) };
    }
  };

  const visible = (id: string): SimVm | undefined => cloud.listVms().find((vm) => vm.id === id);

  const tagsOf = (vm: SimVm): Record<string, string> => (vm.name ? { Name: vm.name, ...vm.metadata } : vm.metadata);
  const instanceTypeOf = (vm: SimVm): string => cloud.flavors.find((f) => f.id === vm.flavorId)?.name ?? vm.flavorId;
  const availabilityZone = `${account.region}a`;

  const factsOf = (vm: SimVm): InstanceFacts => {
    const state = stateOf(vm);
    return {
      instanceId: vm.id,
      imageId: vm.imageId,
      instanceType: instanceTypeOf(vm),
      stateName: state.name,
      stateCode: state.code,
      reservationId: reservationId(vm),
      clientToken: tokenOf.get(vm.id) ?? null,
      privateIpAddress: state.code === 48 ? null : vm.ip,
      availabilityZone,
      tags: tagsOf(vm),
    };
  };

  const renderInstance = (vm: SimVm): string => {
    const clientToken = tokenOf.get(vm.id);
    const state = stateOf(vm);
    const tags = Object.entries(tagsOf(vm));
    return [
      text("instanceId", vm.id),
      text("imageId", vm.imageId),
      renderState("instanceState", state),
      text("privateDnsName", state.code === 48 ? "" : `ip-${vm.ip.replace(/\./g, "-")}.ec2.internal`),
      text("amiLaunchIndex", 0),
      text("instanceType", instanceTypeOf(vm)),
      text("launchTime", new Date(vm.createdAt).toISOString()),
      node("placement", text("availabilityZone", availabilityZone)),
      state.code === 48 ? "" : text("privateIpAddress", vm.ip),
      clientToken ? text("clientToken", clientToken) : "",
      state.reason ? text("reason", state.reason.message) : "",
      state.reason ? node("stateReason", text("code", state.reason.code), text("message", state.reason.message)) : "",
      tags.length > 0 ? set("tagSet", tags.map(([key, value]) => text("key", key) + text("value", value))) : "",
    ].join("");
  };

  const imports = createImageImports(cloud, () => cloud.draw());
  /** AMIs made by ImportImage carry tags (their properties); the site's own images carry none. */
  const importedImage = (id: string) => cloud.images.find((image) => image.id === id && image.properties !== undefined);

  const renderReservation = (id: string, vms: SimVm[]): string =>
    text("reservationId", id) + text("ownerId", OWNER_ID) + node("groupSet") + set("instancesSet", vms.map(renderInstance));

  const actions: Record<string, (params: URLSearchParams) => string> = {
    DescribeInstances(params) {
      const ids = readList(params, "InstanceId");
      if (ids.length > 0 && params.has("MaxResults")) throw invalidValue("The parameter instancesSet cannot be used with the parameter maxResults");
      const matches = compileInstanceFilters(readFilters(params));
      const pageSize = Math.min(readMaxResults(params, MAX_RESULTS), options.pageCap ?? Infinity);
      const after = Number(readNextToken(params.get("NextToken")) ?? 0);
      const listed = cloud.listVms();
      const unknown = ids.filter((id) => !listed.some((vm) => vm.id === id));
      if (unknown.length > 0) throw instanceNotFound(unknown);
      const matching = listed
        .filter((vm) => vm.seq > after && (ids.length === 0 || ids.includes(vm.id)) && matches(factsOf(vm)))
        .sort((a, b) => a.seq - b.seq);
      const page = matching.slice(0, pageSize);
      const groups: { id: string; vms: SimVm[] }[] = [];
      for (const vm of page) {
        const id = reservationId(vm);
        const last = groups.at(-1);
        if (last && last.id === id) last.vms.push(vm);
        else groups.push({ id, vms: [vm] });
      }
      const last = page.at(-1);
      const next = matching.length > page.length && last ? text("nextToken", writeNextToken(last.seq)) : "";
      return set("reservationSet", groups.map((g) => renderReservation(g.id, g.vms))) + next;
    },

    DescribeInstanceTypes(params) {
      return describeInstanceTypes(params, cloud.flavors);
    },

    RunInstances(params) {
      const imageId = params.get("ImageId") ?? throwing(missing("ImageId"));
      const minCount = readCount(params, "MinCount");
      const maxCount = readCount(params, "MaxCount");
      if (minCount > maxCount) throw invalidValue(`MinCount (${minCount}) must not exceed MaxCount (${maxCount})`);
      const instanceType = params.get("InstanceType") ?? "m1.small";
      const flavor = cloud.flavors.find((f) => f.name === instanceType || f.id === instanceType);
      if (!flavor) throw invalidValue(`Invalid value '${instanceType}' for InstanceType.`);
      const userData = readUserData(params.get("UserData"));
      const tags = readTagSpecifications(params);
      const clientToken = params.get("ClientToken");
      const fingerprint = JSON.stringify([imageId, instanceType, minCount, maxCount, userData, tags]);

      const earlier = clientToken ? launchesByToken.get(clientToken) : undefined;
      const earlierVms = earlier?.vmIds.map(visible).filter((vm) => vm !== undefined) ?? [];
      if (earlier && earlierVms.length > 0) {
        if (earlier.fingerprint !== fingerprint) {
          throw new Ec2Fault(400, "IdempotentParameterMismatch", `Arguments on this idempotent request are inconsistent with arguments used in previous request(s).`);
        }
        return renderReservation(reservationId(earlierVms[0]!), earlierVms);
      }

      const { Name: name = "", ...metadata } = tags;
      const created: SimVm[] = [];
      try {
        while (created.length < maxCount) created.push(cloud.createVm({ name, imageId, flavorId: flavor.id, userData, metadata }));
      } catch (err) {
        if (!(err instanceof SimRefusal)) throw err;
        if (created.length < minCount) {
          for (const vm of created) cloud.deleteVm(vm.id);
          throw refusalFault(err, imageId);
        }
      }
      const reservation = `r-${created[0]!.seq.toString(16).padStart(8, "0")}`;
      for (const vm of created) reservationOf.set(vm.id, reservation);
      if (clientToken) {
        launchesByToken.set(clientToken, { vmIds: created.map((vm) => vm.id), fingerprint });
        for (const vm of created) tokenOf.set(vm.id, clientToken);
      }
      return renderReservation(reservation, created);
    },

    TerminateInstances(params) {
      const ids = readList(params, "InstanceId");
      if (ids.length === 0) throw missing("InstanceId");
      const vms = ids.map((id) => visible(id) ?? throwing(instanceNotFound([id])));
      const items = vms.map((vm) => {
        const previous = stateOf(vm);
        if (vm.phase !== "deleted") cloud.deleteVm(vm.id);
        const current = previous.code === 48 ? previous : SHUTTING_DOWN;
        return text("instanceId", vm.id) + renderState("currentState", current) + renderState("previousState", previous);
      });
      return set("instancesSet", items);
    },

    CreateTags(params) {
      const ids = readList(params, "ResourceId");
      if (ids.length === 0) throw missing("ResourceId");
      const tags = readTags(params, "Tag");
      if (Object.keys(tags).length === 0) throw missing("Tag");
      const images = ids.filter((id) => id.startsWith("ami-"));
      for (const id of images) if (!importedImage(id)) throw new Ec2Fault(400, "InvalidAMIID.NotFound", `The image id '[${id}]' does not exist`);
      for (const id of images) importedImage(id)!.properties = { ...importedImage(id)!.properties, ...tags };
      const vms = ids.filter((id) => !id.startsWith("ami-")).map((id) => {
        const vm = visible(id);
        return vm && vm.phase !== "deleted" ? vm : throwing(instanceNotFound([id]));
      });
      const { Name: name, ...metadata } = tags;
      for (const vm of vms) {
        if (name !== undefined) vm.name = name;
        cloud.setMetadata(vm.id, { ...vm.metadata, ...metadata });
      }
      return text("return", true);
    },

    ImportImage: imports.ImportImage,
    DescribeImportImageTasks: imports.DescribeImportImageTasks,

    DescribeImages(params) {
      const wanted = readFilters(params).map((filter) => {
        const tag = /^tag:(.+)$/.exec(filter.name)?.[1];
        if (tag === undefined) throw invalidValue(`The filter '${filter.name}' is invalid`);
        return (image: (typeof cloud.images)[number]) => filter.values.includes(image.properties?.[tag] ?? "");
      });
      const items = cloud.images.filter((image) => wanted.every((matches) => matches(image))).map((image) =>
        [
          text("imageId", image.id),
          text("imageLocation", `${OWNER_ID}/${image.name}`),
          text("imageState", "available"),
          text("imageOwnerId", OWNER_ID),
          text("isPublic", true),
          text("architecture", "x86_64"),
          text("imageType", "machine"),
          text("name", image.name),
          text("description", image.os),
          text("rootDeviceType", "instance-store"),
          image.properties && Object.keys(image.properties).length > 0 ? set("tagSet", Object.entries(image.properties).map(([key, value]) => text("key", key) + text("value", value))) : "",
        ].join(""),
      );
      return set("imagesSet", items);
    },

    DescribeAccountAttributes(params) {
      const attributes: Record<string, string[]> = { "supported-platforms": ["EC2"], "max-instances": [String(cloud.quota.instances)] };
      const asked = readList(params, "AttributeName");
      for (const name of asked) if (!(name in attributes)) throw invalidValue(`Value (${name}) for parameter attributeName is invalid.`);
      const names = asked.length > 0 ? asked : Object.keys(attributes);
      const items = names.map((name) => text("attributeName", name) + set("attributeValueSet", (attributes[name] ?? []).map((v) => text("attributeValue", v))));
      return set("accountAttributeSet", items);
    },
  };

  const handle = async (req: SimRequest): Promise<SimResponse | null> => {
    const requestId = randomUuid(requestIds);
    if (req.url.pathname !== SERVICE_PATH && req.url.pathname !== `${SERVICE_PATH}/`) {
      return { status: 404, headers: { "content-type": "text/plain" }, body: "Not Found" };
    }
    if (req.method !== "POST" && req.method !== "GET") return errorReply(405, "UnsupportedOperation", `Method ${req.method} is not supported.`, requestId);
    const params = req.method === "POST" ? new URLSearchParams(req.body) : req.url.searchParams;
    const action = params.get("Action") ?? "";
    const version = params.get("Version") ?? "";

    const fault = await applyFaults(cloud);
    if (fault.kind === "hang") return null;
    if (fault.kind === "error") return errorReply(503, "Unavailable", "The server is overloaded and can't handle the request.", requestId);
    if (fault.kind === "rate_limited") return errorReply(503, "RequestLimitExceeded", "Request limit exceeded.", requestId);
    if (fault.kind === "malformed") return malformedReply(action, version, requestId, malformedReplies++);

    const authFailure = checkSigV4(
      { method: req.method, rawPath: req.url.pathname, rawQuery: req.url.search.slice(1), headers: req.headers, body: req.body },
      account,
      Date.now(),
    );
    if (authFailure) return errorReply(401, "AuthFailure", authFailure, requestId);

    try {
      if (!action) throw missing("Action");
      if (!version) throw missing("Version");
      const run = Object.hasOwn(actions, action) ? actions[action] : undefined;
      if (!run) throw new Ec2Fault(400, "InvalidAction", `The action ${action} is not valid for this web service.`);
      terminateShutDown();
      const body = run(params);
      return {
        status: 200,
        headers: { "content-type": "text/xml;charset=UTF-8" },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${namespace(version)}">${text("requestId", requestId)}${body}</${action}Response>`,
      };
    } catch (err) {
      if (err instanceof Ec2Fault) return errorReply(err.status, err.code, err.message, requestId);
      throw err;
    }
  };

  const server = await startSimServer(handle);
  return {
    kind: "ec2",
    url: `${server.url}${SERVICE_PATH}`,
    region: account.region,
    credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
    close: server.close,
  };
}

function terminationReason(vm: SimVm): { code: string; message: string } {
  if (vm.failsToBoot && (vm.deletedAt === null || vm.deletedAt >= vm.bootedAt)) return LAUNCH_FAILURE;
  if (vm.deletedAt === null || vm.deletedAt >= vm.endsAt) return SELF_SHUTDOWN;
  return USER_SHUTDOWN;
}

function refusalFault(refusal: SimRefusal, imageId: string): Ec2Fault {
  switch (refusal.reason) {
    case "quota":
      return new Ec2Fault(400, "InstanceLimitExceeded", refusal.message);
    case "image":
      return new Ec2Fault(400, "InvalidAMIID.NotFound", `The image id '[${imageId}]' does not exist`);
    case "flavor":
      return invalidValue(refusal.message);
  }
}

function namespace(version: string): string {
  return `http://ec2.amazonaws.com/doc/${version}/`;
}

function errorReply(status: number, code: string, message: string, requestId: string): SimResponse {
  return {
    status,
    headers: { "content-type": "text/xml;charset=UTF-8" },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response>${node("Errors", node("Error", text("Code", code), text("Message", message)))}${text("RequestID", requestId)}</Response>`,
  };
}

/** Alternates between the two ways a broken endpoint answers: XML without the payload, and a page that is not XML. */
function malformedReply(action: string, version: string, requestId: string, count: number): SimResponse {
  if (count % 2 === 0) {
    const root = `${action || "Unknown"}Response`;
    return { status: 200, headers: { "content-type": "text/xml" }, body: `<${root} xmlns="${namespace(version)}">${text("requestId", requestId)}</${root}>` };
  }
  return { status: 200, headers: { "content-type": "text/html" }, body: "<html><body><h1>Gateway says hello</h1><p>upstream returned an unexpected page" };
}

function renderState(name: string, state: InstanceState): string {
  return node(name, text("code", state.code), text("name", state.name));
}

