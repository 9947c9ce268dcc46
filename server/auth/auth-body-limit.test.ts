import { describe, expect, it, vi } from "vitest";
import type { StreamingRequestInit } from "@/server/http/read-capped-body";
import { AUTH_BODY_LIMIT_BYTES, handleAuthRequest } from "./auth";

// A refused body must be answered before better-auth or the database see the request.
vi.mock("@/server/db", () => ({
  getDb: () => {
    throw new Error("the database was reached with an oversized body");
  },
}));

const SIGN_IN = "http://console.test/api/auth/sign-in/username";

describe("/api/auth/* request bodies", () => {
  it("answers 413 at once to a sign-in announcing 500 MB", async () => {
    const request = new Request(SIGN_IN, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json", "content-length": String(500 * 1024 * 1024) },
    });
    const response = await handleAuthRequest(request);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { message: "Request body too large: the limit is 16 KB" } });
  });

  it("stops reading a chunked sign-in body soon after 16 KB", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (pulled >= 1024 * 1024) return controller.close();
          pulled += 1024;
          controller.enqueue(new Uint8Array(1024).fill(32));
        },
      },
      { highWaterMark: 0 },
    );
    const init: StreamingRequestInit = { method: "POST", body, duplex: "half", headers: { "content-type": "application/json" } };
    const response = await handleAuthRequest(new Request(SIGN_IN, init));
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(AUTH_BODY_LIMIT_BYTES + 2 * 1024);
  });
});
