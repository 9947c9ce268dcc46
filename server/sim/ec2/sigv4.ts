import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** AWS Signature Version 4 (header form), checked the way an AWS endpoint checks it. */

export interface SigV4Account {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
}

export interface SignedRequest {
  method: string;
  /** The path and query exactly as they came over the wire (still percent-encoded). */
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const MAX_SKEW_MS = 15 * 60_000;
const MISMATCH = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.";

/** Returns why the request is not authentic, or null when it is. `now` is wall-clock time: clients sign with theirs. */
export function checkSigV4(req: SignedRequest, account: SigV4Account, now: number): string | null {
  const authorization = header(req.headers, "authorization");
  if (!authorization) return "Signature not provided: an Authorization header (AWS4-HMAC-SHA256) is required.";
  const auth = AUTHORIZATION.exec(authorization);
  if (!auth) return "Authorization header is not a well-formed AWS4-HMAC-SHA256 header.";
  const [, credential = "", signedHeaderList = "", signature = ""] = auth;
  const [accessKeyId, date, region, service, terminator, ...rest] = credential.split("/");
  if (accessKeyId !== account.accessKeyId) return "AWS was not able to validate the provided access credentials.";
  if (!date || !region || !service || terminator !== "aws4_request" || rest.length > 0) return `Credential is malformed: ${credential}`;
  if (region !== account.region) return `Credential should be scoped to a valid region, not '${region}'.`;
  if (service !== account.service) return `Credential should be scoped to correct service: '${account.service}'.`;

  const amzDate = header(req.headers, "x-amz-date");
  const parts = amzDate ? AMZ_DATE.exec(amzDate) : null;
  if (!amzDate || !parts) return "Request must carry an x-amz-date header in the form yyyyMMddTHHmmssZ.";
  if (!amzDate.startsWith(date)) return "Credential date does not match the x-amz-date header.";
  const [, y, mo, d, h, mi, s] = parts.map(Number);
  const signedAt = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) return `Signature expired: ${amzDate} is more than 15 minutes away from the server's time.`;

  const signedHeaders = signedHeaderList.split(";");
  if (!signedHeaders.includes("host") || !signedHeaders.includes("x-amz-date")) return "The host and x-amz-date headers must be signed.";
  const payloadHash = sha256Hex(req.body);
  const claimedHash = header(req.headers, "x-amz-content-sha256");
  if (claimedHash !== undefined && claimedHash !== payloadHash) return "The provided x-amz-content-sha256 header does not match what was computed.";

  const canonicalHeaders = [...signedHeaders].sort().map((name) => `${name}:${header(req.headers, name) ?? ""}\n`).join("");
  const canonicalRequest = [req.method, canonicalPath(req.rawPath), canonicalQuery(req.rawQuery), canonicalHeaders, signedHeaderList, payloadHash].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  let key = hmac(`AWS4${account.secretAccessKey}`, date);
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  const expected = hmac(key, stringToSign);
  return timingSafeEqual(expected, Buffer.from(signature, "hex")) ? null : MISMATCH;
}

/** Trimmed, inner whitespace collapsed, repeated headers joined: the canonical value. */
function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(",") : value).trim().replace(/\s+/g, " ");
}

/** Non-S3 services sign the normalized path encoded once more than it travels. */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(uriEncode(segment));
  }
  const trailing = segments.length > 0 && rawPath.endsWith("/") ? "/" : "";
  return `/${segments.join("/")}${trailing}`;
}

function canonicalQuery(rawQuery: string): string {
  if (rawQuery === "") return "";
  const pairs = rawQuery.split("&").map((pair) => {
    const eq = pair.indexOf("=");
    const [name, value] = eq < 0 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
    return [uriEncode(decode(name)), uriEncode(decode(value))] as const;
  });
  pairs.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join("&");
}

function decode(component: string): string {
  try {
    return decodeURIComponent(component.replace(/\+/g, " "));
  } catch {
    return component;
  }
}

function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}
