import { handleRestRequest } from "@/server/rest/handle-rest-request";

export const dynamic = "force-dynamic";

// The REST surface of the procedures marked `openapi` (see /api/openapi.json).
const handle = (req: Request) => handleRestRequest(req);

export { handle as GET, handle as POST };
