import { handleImageListRequest } from "@/server/images/handle-image-list-request";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }): Promise<Response> {
  return handleImageListRequest(request, (await params).name);
}
