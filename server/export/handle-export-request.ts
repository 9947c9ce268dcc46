import "server-only";
import { getActorForRead } from "@/server/auth/auth";
import { getDb } from "@/server/db";
import { buildExportFileName, EXPORT_CONTENT_TYPES, type ExportFormat, type ExportView } from "@/server/domain/export-format";
import { exportRequest, streamExport } from "@/server/services/export-table";
import { isAllowed, PERMISSIONS, type Permission } from "@/server/trpc/permissions";
import { toErrorResponse } from "@/server/images/service-response";

/** The permission each table's page needs to list it; its export needs the same. */
export const EXPORT_PERMISSIONS: Record<ExportView, Permission> = { vms: "fleet.read", actions: "fleet.read", audit: "audit.read" };

interface AskedExport {
  view: ExportView;
  format: ExportFormat;
  filter: unknown;
  fileNameFilter: Array<[string, string]>;
}

/**
 * GET /api/export/<view>?…&format=csv|json: every row the view's filter matches, streamed
 * as the database hands over each batch (the response starts before the last row is read).
 */
export async function handleExportRequest(request: Request, asked: AskedExport | null, now = new Date()): Promise<Response> {
  if (!asked) return Response.json({ error: { message: "Export vms, actions or audit, as format=csv or format=json" } }, { status: 404 });
  const actor = await getActorForRead(request.headers);
  if (!actor) return Response.json({ error: { message: "Sign in first" } }, { status: 401 });
  const permission = EXPORT_PERMISSIONS[asked.view];
  if (!isAllowed(actor.role, permission)) {
    return Response.json({ error: { message: `Your role (${actor.role}) may not export this (${permission} needs ${PERMISSIONS[permission]})` } }, { status: 403 });
  }
  const parsed = exportRequest.safeParse({ view: asked.view, filter: asked.filter });
  if (!parsed.success) return toErrorResponse(parsed.error, "export");

  const chunks = streamExport({ db: getDb(), request: parsed.data, format: asked.format, me: actor.id });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        console.error("[export] failed mid-stream:", error);
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  const fileName = buildExportFileName(asked.view, asked.fileNameFilter, asked.format, now);
  return new Response(body, {
    headers: {
      "content-type": EXPORT_CONTENT_TYPES[asked.format],
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
}
