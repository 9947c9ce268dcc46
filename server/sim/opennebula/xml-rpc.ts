import { XMLParser, XMLValidator } from "fast-xml-parser";

/** The sim's own XML-RPC codec (xmlrpc-c behaviour as OpenNebula's server shows it). */
export type RpcValue = string | number | boolean | RpcValue[];

export interface MethodCall {
  method: string;
  params: RpcValue[];
}

/** A protocol-level failure, answered with <fault> instead of OpenNebula's own envelope. */
export class RpcFault extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

// xmlrpc-c fault codes.
export const FAULT = { TYPE: -501, PARSE: -503, NO_SUCH_METHOD: -506 } as const;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name, jpath) => name === "param" || (name === "value" && String(jpath).endsWith(".data.value")),
});

export function parseMethodCall(body: string): MethodCall {
  if (XMLValidator.validate(body) !== true) throw new RpcFault(FAULT.PARSE, "Call XML is not well-formed");
  const doc: unknown = parser.parse(body);
  const call = child(doc, "methodCall");
  const method = child(call, "methodName");
  if (typeof method !== "string" || method.trim() === "") throw new RpcFault(FAULT.PARSE, "Call has no methodName");
  const params = child(child(call, "params"), "param");
  const list = Array.isArray(params) ? params : [];
  return { method: method.trim(), params: list.map((p) => decodeValue(child(p, "value"))) };
}

function child(node: unknown, name: string): unknown {
  return node !== null && typeof node === "object" ? (node as Record<string, unknown>)[name] : undefined;
}

function decodeValue(node: unknown): RpcValue {
  if (typeof node === "string") return node;
  if (node === null || typeof node !== "object") throw new RpcFault(FAULT.TYPE, "Parameter has no value");
  const typed = node as Record<string, unknown>;
  if ("string" in typed) return String(typed.string);
  for (const tag of ["i4", "int"]) {
    const text = typed[tag];
    if (typeof text === "string" && /^\s*[+-]?\d+\s*$/.test(text)) return Number(text);
  }
  if (typed.boolean === "0" || typed.boolean === "1") return typed.boolean === "1";
  if ("array" in typed) {
    const values = child(child(typed.array, "data"), "value");
    return Array.isArray(values) ? values.map(decodeValue) : [];
  }
  throw new RpcFault(FAULT.TYPE, `Unsupported parameter type <${Object.keys(typed).join(",")}>`);
}

export function renderResponse(value: RpcValue): string {
  return `<?xml version="1.0"?>\r\n<methodResponse>\r\n<params>\r\n<param><value>${renderValue(value)}</value></param>\r\n</params>\r\n</methodResponse>\r\n`;
}

export function renderFault(fault: RpcFault): string {
  const members = `<member><name>faultCode</name><value><i4>${fault.code}</i4></value></member><member><name>faultString</name><value><string>${escapeText(fault.message)}</string></value></member>`;
  return `<?xml version="1.0"?>\r\n<methodResponse>\r\n<fault>\r\n<value><struct>${members}</struct></value>\r\n</fault>\r\n</methodResponse>\r\n`;
}

function renderValue(value: RpcValue): string {
  if (typeof value === "string") return `<string>${escapeText(value)}</string>`;
  if (typeof value === "boolean") return `<boolean>${value ? 1 : 0}</boolean>`;
  if (typeof value === "number") return `<i4>${value}</i4>`;
  return `<array><data>\r\n${value.map((v) => `<value>${renderValue(v)}</value>\r\n`).join("")}</data></array>`;
}

export function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
