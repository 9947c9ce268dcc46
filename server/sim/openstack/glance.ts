import type { SimRequest } from "../core/http-server";
import type { SimImage } from "../core/sim-cloud";
import { errorReply, indexAfter, isoSeconds, notFound, pageOf, withMarker, type Json, type Reply } from "./reply";

/** Glance v2 of the sim: the versions document and reading images. */

const DEFAULT_LIMIT = 25;
/** Glance of the Zed release. */
const CURRENT_VERSION = "v2.16";
const OLDER_VERSIONS = ["v2.15", "v2.9", "v2.7", "v2.6", "v2.5", "v2.4", "v2.3", "v2.2", "v2.1", "v2.0"];
const PAGING_PARAMS = new Set(["limit", "marker", "sort", "sort_key", "sort_dir"]);

export interface GlanceOptions {
  images: SimImage[];
  projectId: string;
  createdAt: number;
  pageCap: number;
  baseUrl: () => string;
}

/** `rest` is the path after /image. */
export function routeGlance(req: SimRequest, rest: string, options: GlanceOptions): Reply {
  if (req.method !== "GET") return errorReply("image", 405, "The method specified is not allowed for this resource.");
  // Glance answers an unversioned request with its versions and 300 Multiple Choices.
  if (rest === "" || rest === "/") return { status: 300, json: versions(options) };
  if (rest === "/versions") return { status: 200, json: versions(options) };
  if (rest === "/v2/images") return listImages(req.url.searchParams, options);
  const match = /^\/v2\/images\/([^/]+)$/.exec(rest);
  if (match?.[1] !== undefined) {
    const id = decodeURIComponent(match[1]);
    const image = options.images.find((i) => i.id === id);
    return image ? { status: 200, json: renderImage(image, options) } : errorReply("image", 404, `No image found with ID ${id}`);
  }
  return notFound("image");
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
  return {
    id: image.id,
    name: image.name,
    status: "active",
    visibility: "public",
    protected: false,
    os_hidden: false,
    size: image.sizeBytes,
    virtual_size: null,
    checksum: null,
    os_hash_algo: "sha512",
    os_hash_value: image.sha512,
    disk_format: "qcow2",
    container_format: "bare",
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
