import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { CloudApiError, MalformedReplyError } from "../errors";
import { errorFromStatus, sendRequest } from "../http";
import { parseReply } from "../parse";

/** What we send: OpenNebula's API only takes strings, ints, booleans (and arrays of them). */
export type XmlRpcParam = string | number | boolean | XmlRpcParam[];
export type XmlRpcValue = string | number | boolean | XmlRpcValue[] | { [member: string]: XmlRpcValue };

export function serializeMethodCall(method: string, params: XmlRpcParam[]): string {
  const body = params.map((p) => `<param>${serializeValue(p)}</param>`).join("");
  return `<?xml version="1.0"?><methodCall><methodName>${escapeXml(method)}</methodName><params>${body}</params></methodCall>`;
}

function serializeValue(value: XmlRpcParam): string {
  if (typeof value === "string") return `<value><string>${escapeXml(value)}</string></value>`;
  if (typeof value === "boolean") return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new TypeError(`XML-RPC parameter ${value} is not an integer`);
    return `<value><i4>${value}</i4></value>`;
  }
  return `<value><array><data>${value.map(serializeValue).join("")}</data></array></value>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  // Whitespace inside <string> is data.
  trimValues: false,
  isArray: (name, jpath) => (name === "value" && String(jpath).endsWith(".data.value")) || name === "member",
});

const intText = z.string().trim().regex(/^[+-]?\d+$/, "expected an integer").transform(Number);
const emptyAsObject = (v: unknown) => (v === "" ? {} : v);

const valueSchema: z.ZodType<XmlRpcValue, unknown> = z.lazy(() =>
  z.union([
    // An untyped <value> is a string.
    z.string(),
    z.object({ string: z.string() }).transform((v) => v.string),
    z.object({ i4: intText }).transform((v) => v.i4),
    z.object({ int: intText }).transform((v) => v.int),
    z.object({ boolean: z.enum(["0", "1"]) }).transform((v) => v.boolean === "1"),
    z
      .object({ array: z.object({ data: z.preprocess(emptyAsObject, z.object({ value: z.array(valueSchema).default([]) })) }) })
      .transform((v) => v.array.data.value),
    z
      .object({ struct: z.preprocess(emptyAsObject, z.object({ member: z.array(z.object({ name: z.string(), value: valueSchema })).default([]) })) })
      .transform((v) => Object.fromEntries(v.struct.member.map((m) => [m.name, m.value]))),
  ]),
);

const responseSchema = z.object({
  methodResponse: z.object({
    params: z.object({ param: z.object({ value: valueSchema }) }).optional(),
    fault: z.object({ value: valueSchema }).optional(),
  }),
});

const faultSchema = z.object({ faultCode: z.number(), faultString: z.string() });

/** The returned value of a methodResponse; a <fault> (bad method or parameters) becomes bad_request. */
export function parseMethodResponse(text: string, what: string): XmlRpcValue {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new MalformedReplyError(what, `body is not XML (${valid.err.msg})`);
  const reply = parseReply(responseSchema, parser.parse(text), what).methodResponse;
  if (reply.fault) {
    const fault = parseReply(faultSchema, reply.fault.value, `${what} fault`);
    throw new CloudApiError("bad_request", `XML-RPC fault ${fault.faultCode}: ${fault.faultString}`);
  }
  if (!reply.params) throw new MalformedReplyError(what, `field "methodResponse": neither params nor fault`);
  return reply.params.param.value;
}

/** OpenNebula's [success, result-or-message, errcode, ...] reply. Errcode is missing in 3.x failures. */
const oneEnvelope = z.tuple([z.boolean(), z.union([z.string(), z.number(), z.boolean()]), z.number().optional()], z.unknown());

type OneResult = string | number | boolean;

export function unwrapOneReply(value: XmlRpcValue, what: string): OneResult {
  const [ok, body, errcode] = parseReply(oneEnvelope, value, what);
  if (ok) return body;
  throw errorFromOne(errcode ?? 0, String(body));
}

const ONE_ERRORS = { AUTHENTICATION: 0x0100, AUTHORIZATION: 0x0200, NO_EXISTS: 0x0400, INTERNAL: 0x2000, LOCKED: 0x8000 } as const;

export function errorFromOne(errcode: number, message: string): CloudApiError {
  // OpenNebula sends quota refusals as AUTHORIZATION (Request::quota_authorization), so the words decide.
  if (/quota/i.test(message)) return new CloudApiError("quota", message);
  switch (errcode) {
    case ONE_ERRORS.AUTHENTICATION:
    case ONE_ERRORS.AUTHORIZATION:
      return new CloudApiError("auth", message);
    case ONE_ERRORS.NO_EXISTS:
      return new CloudApiError("not_found", message);
    case ONE_ERRORS.INTERNAL:
    case ONE_ERRORS.LOCKED:
      return new CloudApiError("server_error", message);
    default:
      // ACTION (wrong state), XML_RPC_API (bad parameters), ALLOCATE, and 3.x failures without a code.
      return new CloudApiError("bad_request", message);
  }
}

export interface OneRpc {
  /** Calls one OpenNebula method; resolves with the result part of a successful reply. */
  call(method: string, params: XmlRpcParam[], signal?: AbortSignal): Promise<OneResult>;
}

export function createOneRpc(endpoint: string, timeoutMs: number): OneRpc {
  return {
    async call(method, params, signal) {
      const init = { method: "POST", headers: { "content-type": "text/xml" }, body: serializeMethodCall(method, params) };
      const reply = await sendRequest(endpoint, init, timeoutMs, signal);
      if (reply.status !== 200) {
        throw errorFromStatus(reply.status, `OpenNebula answered HTTP ${reply.status} to ${method}`, reply.headers.get("retry-after"));
      }
      const what = `OpenNebula ${method} reply`;
      return unwrapOneReply(parseMethodResponse(reply.text, what), what);
    },
  };
}
