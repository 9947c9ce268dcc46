import { handleImageFileRequest } from "@/server/images/handle-image-file-request";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ identifier: string }> }): Promise<Response> {
  return handleImageFileRequest((await params).identifier);
}
