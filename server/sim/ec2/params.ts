import { invalidValue, missing, throwing } from "./fault";

/** Readers for EC2 Query parameters: numbered lists, filters, tags, counts, paging. */

const MAX_USER_DATA_BYTES = 16_384;

export interface Filter {
  name: string;
  values: string[];
}

/** Numbered list parameters: Prefix.1, Prefix.2, ... */
export function readList(params: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let n = 1; params.has(`${prefix}.${n}`); n++) out.push(params.get(`${prefix}.${n}`) ?? "");
  return out;
}

export function readFilters(params: URLSearchParams): Filter[] {
  const out: Filter[] = [];
  for (let n = 1; params.has(`Filter.${n}.Name`); n++) out.push({ name: params.get(`Filter.${n}.Name`) ?? "", values: readList(params, `Filter.${n}.Value`) });
  return out;
}

export function readTags(params: URLSearchParams, prefix: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let n = 1; params.has(`${prefix}.${n}.Key`); n++) tags[params.get(`${prefix}.${n}.Key`) ?? ""] = params.get(`${prefix}.${n}.Value`) ?? "";
  return tags;
}

export function readTagSpecifications(params: URLSearchParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let n = 1; params.has(`TagSpecification.${n}.ResourceType`); n++) {
    const type = params.get(`TagSpecification.${n}.ResourceType`);
    if (type !== "instance") throw invalidValue(`'${type}' is not a valid taggable resource type for this operation.`);
    Object.assign(tags, readTags(params, `TagSpecification.${n}.Tag`));
  }
  return tags;
}

export function readCount(params: URLSearchParams, name: string): number {
  const raw = params.get(name) ?? throwing(missing(name));
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw invalidValue(`Value (${raw}) for parameter ${name} is invalid. Expected a positive integer.`);
  return Number(raw);
}

export function readMaxResults(params: URLSearchParams, range: { min: number; max: number }): number {
  const raw = params.get("MaxResults");
  if (raw === null) return Infinity;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < range.min) throw invalidValue(`Value ( ${raw} ) for parameter maxResults is invalid. Expecting a value greater than ${range.min - 1}.`);
  return Math.min(n, range.max);
}

/** Tokens are opaque to clients; inside, the last item served, so removals between pages skip nothing. */
export function writeNextToken(last: number | string): string {
  return Buffer.from(`after:${last}`).toString("base64");
}

export function readNextToken(token: string | null): string | null {
  if (token === null) return null;
  const match = /^after:(.+)$/.exec(Buffer.from(token, "base64").toString("utf8"));
  if (!match?.[1]) throw invalidValue(`Invalid value '${token}' for nextToken`);
  return match[1];
}

export function readUserData(encoded: string | null): string {
  if (encoded === null) return "";
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) throw invalidValue("Invalid BASE64 encoding of user data");
  const bytes = Buffer.from(encoded, "base64");
  if (bytes.length > MAX_USER_DATA_BYTES) throw invalidValue(`User data is limited to ${MAX_USER_DATA_BYTES} bytes`);
  return bytes.toString("utf8");
}
