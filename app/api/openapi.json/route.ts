import { getOpenApiDocument } from "@/server/rest/openapi-document";

export const dynamic = "force-dynamic";

/** The REST API's OpenAPI 3.1 document; public like any API description, the calls need a token. */
export function GET(): Response {
  return Response.json(getOpenApiDocument());
}
