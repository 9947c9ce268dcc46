import type { OpenAPIObject } from "trpc-to-openapi";

/** One input of an operation, as the reference page lists it. */
export interface FieldView {
  name: string;
  where: "path" | "query" | "body";
  type: string;
  required: boolean;
  description?: string;
}

/** One operation of the document, flattened for the reference page. */
export interface OperationView {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  inputs: FieldView[];
  statuses: string[];
}

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  items?: Schema;
  anyOf?: Schema[];
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema; description?: string }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, unknown>;
}

/** The document's operations in its own order, each with its inputs and answers, for people to read. */
export function listOperations(document: OpenAPIObject, base: string): OperationView[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, operations]) =>
    Object.entries(operations as Record<string, Operation>).map(([method, op]) => {
      const body = op.requestBody?.content?.["application/json"]?.schema;
      const inputs: FieldView[] = [
        ...(op.parameters ?? []).map((p) => ({ name: p.name, where: p.in === "path" ? ("path" as const) : ("query" as const), type: describeType(p.schema), required: p.required ?? false, description: p.description ?? p.schema?.description })),
        ...Object.entries(body?.properties ?? {}).map(([name, schema]) => ({ name, where: "body" as const, type: describeType(schema), required: body?.required?.includes(name) ?? false, description: schema.description })),
      ];
      return {
        id: op.operationId ?? `${method}-${path}`,
        method: method.toUpperCase(),
        path: `${base}${path}`,
        summary: op.summary ?? "",
        description: op.description ?? "",
        inputs,
        statuses: Object.keys(op.responses ?? {}),
      };
    }),
  );
}

/** A schema's type in a few words: `integer`, `string (date-time)`, `one of: a, b`, `…[]`. */
export function describeType(schema: Schema | undefined): string {
  if (!schema) return "any";
  if (schema.enum) return `one of: ${schema.enum.map(String).join(", ")}`;
  if (schema.anyOf) return schema.anyOf.map(describeType).join(" or ");
  if (schema.type === "array") return `${describeType(schema.items)}[]`;
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type ?? "any");
  return schema.format ? `${type} (${schema.format})` : type;
}
