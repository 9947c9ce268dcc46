import { toNextJsHandler } from "better-auth/next-js";
import { handleAuthRequest } from "@/server/auth/auth";

export const dynamic = "force-dynamic";

// Resolved per request, so building the app never opens the database.
export const { GET, POST } = toNextJsHandler(handleAuthRequest);
