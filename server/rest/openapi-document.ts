import "server-only";
import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { appRouter } from "@/server/routers/_app";
import { PERMISSIONS, type Permission } from "@/server/trpc/permissions";
import type { ProcedureMeta } from "@/server/trpc/init";

/** Where the REST API is served; the document's server URL, relative so it holds behind any proxy. */
export const REST_API_BASE = "/api/v1";

let built: OpenAPIObject | undefined;

/**
 * The OpenAPI 3.1 document of the procedures marked `openapi`, each operation naming the
 * permission it needs (`x-permission`, and in words in its description), from the same table
 * that guards it. Built once per process: the router does not change while it runs.
 */
export function getOpenApiDocument(): OpenAPIObject {
  built ??= buildOpenApiDocument();
  return built;
}

function buildOpenApiDocument(): OpenAPIObject {
  const document = generateOpenApiDocument(appRouter, {
    title: "cloudscope API",
    version: "1",
    baseUrl: REST_API_BASE,
    description: "The console's reads and operator actions for scripts. Send a personal API token (Settings → API tokens) as `Authorization: Bearer …`; each call is checked and audited as the console's own.",
  });
  const permissions = listRestPermissions();
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations as Record<string, { operationId?: string; description?: string; "x-permission"?: string }>)) {
      const permission = operation.operationId === undefined ? undefined : permissions.get(operation.operationId);
      if (!permission) continue;
      operation["x-permission"] = permission;
      const needs = `Needs the permission ${permission} (${PERMISSIONS[permission]} or higher).`;
      operation.description = operation.description ? `${operation.description}\n\n${needs}` : needs;
    }
  }
  return document;
}

/** operationId (the procedure's path with dashes, trpc-to-openapi's default) → its permission. */
function listRestPermissions(): Map<string, Permission> {
  // At run time `_def.procedures` is flat, keyed by dotted path (its static type is the nested record).
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } }>;
  const found = new Map<string, Permission>();
  for (const [path, procedure] of Object.entries(procedures)) {
    const { openapi, permission } = procedure._def.meta ?? {};
    if (openapi && permission) found.set(openapi.operationId ?? path.replace(/\./g, "-"), permission);
  }
  return found;
}
