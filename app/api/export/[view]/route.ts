import { parseExportRequest } from "@/components/url/export-request";
import { handleExportRequest } from "@/server/export/handle-export-request";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ view: string }> }): Promise<Response> {
  return handleExportRequest(request, parseExportRequest((await params).view, new URL(request.url).searchParams));
}
