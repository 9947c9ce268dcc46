import type { Metadata } from "next";
import { OperationList } from "@/components/api-reference/operation-list";
import { listOperations } from "@/server/rest/list-operations";
import { getOpenApiDocument, REST_API_BASE } from "@/server/rest/openapi-document";

export const metadata: Metadata = { title: "REST API" };

/** The REST API's reference, rendered from the same document scripts fetch (no outside assets). */
export default function ApiReferencePage() {
  const operations = listOperations(getOpenApiDocument(), REST_API_BASE);
  return (
    <>
      <h1 className="text-lg font-bold">REST API</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Scripts call these with <code>Authorization: Bearer &lt;token&gt;</code> (make one under <a href="/settings/tokens" className="text-sky-700 underline dark:text-sky-400">API tokens</a>); each call is
        checked against the same permissions as the console&apos;s pages and audited alike. Bodies are JSON, times ISO 8601 in UTC. The machine-readable description is{" "}
        <a href="/api/openapi.json" className="text-sky-700 underline dark:text-sky-400">
          /api/openapi.json
        </a>{" "}
        (OpenAPI 3.1).
      </p>
      <OperationList operations={operations} />
    </>
  );
}
