import { createHash } from "node:crypto";
import { z } from "zod";
import type { SimRequest } from "../core/http-server";
import type { SimImage, SimImageUploadFault } from "../core/sim-cloud";
import { errorReply, indexAfter, invalidInput, isoSeconds, notFound, pageOf, parseJson, withMarker, type Json, type Reply } from "./reply";

/** Glance v2 of the sim: the versions document, reading images, and creating, uploading and deleting them. */

const DEFAULT_LIMIT = 25;
/** Glance of the Zed release. */
const CURRENT_VERSION = "v2.16";
const OLDER_VERSIONS = ["v2.15", "v2.9", "v2.7", "v2.6", "v2.5", "v2.4", "v2.3", "v2.2", "v2.1", "v2.0"];
const PAGING_PARAMS = new Set(["limit", "marker", "sort", "sort_key", "sort_dir"]);

export interface GlanceOptions {
  /** The cloud's images; created images are added to it, deleted ones removed. */
  images: SimImage[];
  projectId: string;
  createdAt: number;
  pageCap: number;
  baseUrl: () => string;
  newId: () => string;
  uploadFault: () => SimImageUploadFault;
}

/** Glance's default allowed formats (image_format options). */
const DISK_FORMATS = ["ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"] as const;
const CONTAINER_FORMATS = ["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"] as const;
/** Keys Glance owns; a create may not set them, every other key is a free string property. */
const RESERVED = new Set(["id", "status", "size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value", "owner", "created_at", "updated_at", "self", "file", "schema", "locations", "direct_url"]);

const createBody = z.looseObject({
  name: z.string().max(255).optional(),
  disk_format: z.enum(DISK_FORMATS).optional(),
  container_format: z.enum(CONTAINER_FORMATS).optional(),
  visibility: z.enum(["public", "community", "shared", "private"]).optional(),
});

/** `rest` is the path after /image. */
export function routeGlance(req: SimRequest, rest: string, options: GlanceOptions): Reply {
  // Glance answers an unversioned request with its versions and 300 Multiple Choices.
  if (req.method === "GET" && (rest === "" || rest === "/")) return { status: 300, json: versions(options) };
  if (req.method === "GET" && rest === "/versions") return { status: 200, json: versions(options) };
  if (rest === "/v2/images") {
    if (req.method === "GET") return listImages(req.url.searchParams, options);
    if (req.method === "POST") return createImage(req, options);
    return badMethod();
  }
  const match = /^\/v2\/images\/([^/]+)(\/file)?$/.exec(rest);
  if (match?.[1] !== undefined) {
    const id = decodeURIComponent(match[1]);
    const image = options.images.find((i) => i.id === id);
    if (!image) return errorReply("image", 404, `No image found with ID ${id}`);
    if (match[2] !== undefined) return req.method === "PUT" ? uploadData(req, image, options) : badMethod();
    if (req.method === "GET") return { status: 200, json: renderImage(image, options) };
    if (req.method === "DELETE") {
      options.images.splice(options.images.indexOf(image), 1);
      return { status: 204 };
    }
    return badMethod();
  }
  return notFound("image");
}

function badMethod(): Reply {
  return errorReply("image", 405, "The method specified is not allowed for this resource.");
}

function createImage(req: SimRequest, options: GlanceOptions): Reply {
  const parsed = createBody.safeParse(parseJson(req.body));
  if (!parsed.success) return invalidInput("image", parsed.error.issues[0], "body");
  const { name, disk_format, container_format, visibility, ...extra } = parsed.data;
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(extra)) {
    if (RESERVED.has(key)) return errorReply("image", 403, `Attribute '${key}' is read-only.`);
    if (typeof value !== "string") return errorReply("image", 400, `Provided object does not match schema 'image': ${JSON.stringify(value)} is not of type 'string' (property ${key})`);
    properties[key] = value;
  }
  const image: SimImage = {
    id: options.newId(),
    name: name ?? "",
    os: properties.os_distro ?? "",
    sizeBytes: 0,
    sha512: "",
    status: "queued",
    properties: { ...properties, disk_format: disk_format ?? "", container_format: container_format ?? "", visibility: visibility ?? "shared" },
  };
  options.images.push(image);
  return { status: 201, headers: { Location: `${options.baseUrl()}/image/v2/images/${image.id}` }, json: renderImage(image, options) };
}

/** PUT /v2/images/{id}/file: queued → active with the checksum of what arrived, or killed. */
function uploadData(req: SimRequest, image: SimImage, options: GlanceOptions): Reply {
  if (req.headers["content-type"] !== "application/octet-stream") return errorReply("image", 415, "The request has an invalid Content-Type; use application/octet-stream.");
  if ((image.status ?? "active") !== "queued") return errorReply("image", 409, `Image status transition from ${image.status ?? "active"} to saving is not allowed`);
  const fault = options.uploadFault();
  if (fault === "over_quota") {
    image.status = "killed";
    return errorReply("image", 413, `Denying attempt to upload image because it exceeds the quota: The size of the data ${req.bytes.length} will exceed the limit. ${Math.floor(req.bytes.length / 2)} bytes remaining.`);
  }
  // A corrupting store keeps different bytes than it was sent, as a faulty backend would.
  const stored = fault === "corrupt" ? Buffer.concat([req.bytes, Buffer.from([0])]) : req.bytes;
  image.sizeBytes = req.bytes.length;
  image.sha512 = createHash("sha512").update(stored).digest("hex");
  image.status = "active";
  return { status: 204 };
}

/** Whether Glance serves this path without a token. */
export function isGlanceDiscovery(rest: string): boolean {
  return rest === "" || rest === "/" || rest === "/versions";
}

function versions(options: GlanceOptions): Json {
  const entry = (id: string, status: string) => ({ id, status, links: [{ rel: "self", href: `${options.baseUrl()}/image/v2/` }] });
  return { versions: [entry(CURRENT_VERSION, "CURRENT"), ...OLDER_VERSIONS.map((id) => entry(id, "SUPPORTED"))] };
}

function listImages(query: URLSearchParams, options: GlanceOptions): Reply {
  // All images date from the sim's start, so Glance's created_at-then-id order is by id.
  const sorted = [...options.images].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  // Any other parameter filters on the property of that name, as Glance does.
  const filters = [...query.entries()].filter(([key, value]) => !PAGING_PARAMS.has(key) && !(key === "visibility" && value === "all"));
  const matching = sorted
    .map((image) => ({ id: image.id, json: renderImage(image, options) }))
    .filter(({ json }) => filters.every(([key, value]) => String(json[key]) === value));
  const limits = { cap: options.pageCap, defaultLimit: Math.min(DEFAULT_LIMIT, options.pageCap) };
  const page = pageOf("image", matching, query, limits, (marker) => indexAfter(matching, marker));
  if ("status" in page) return page;
  const json: Json = { images: page.items.map((i) => i.json), first: "/v2/images", schema: "/v2/schemas/images" };
  if (page.nextMarker !== null) json.next = `/v2/images?${withMarker(query, page.nextMarker)}`;
  return { status: 200, json };
}

function renderImage(image: SimImage, options: GlanceOptions): Json {
  const created = isoSeconds(options.createdAt);
  const status = image.status ?? "active";
  const stored = status === "active";
  return {
    visibility: "public",
    disk_format: "qcow2",
    container_format: "bare",
    ...image.properties,
    id: image.id,
    name: image.name,
    status,
    protected: false,
    os_hidden: false,
    size: stored ? image.sizeBytes : null,
    virtual_size: null,
    checksum: null,
    os_hash_algo: stored ? "sha512" : null,
    os_hash_value: stored ? image.sha512 : null,
    min_disk: 0,
    min_ram: 0,
    owner: options.projectId,
    os_distro: image.os,
    tags: [],
    created_at: created,
    updated_at: created,
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: "/v2/schemas/image",
  };
}
