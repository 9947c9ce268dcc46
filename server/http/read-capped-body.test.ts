import { describe, expect, it } from "vitest";
import { readCappedBody, withCappedBody, type StreamingRequestInit } from "./read-capped-body";

const LIMIT = 16 * 1024;
const CHUNK = 1024;

/** A chunked upload (no Content-Length) of `chunks` KB that counts how many bytes were pulled from it. */
function countedUpload(chunks: number): { request: Request; pulledBytes: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= chunks * CHUNK) return controller.close();
        pulled += CHUNK;
        controller.enqueue(new Uint8Array(CHUNK).fill(120));
      },
    },
    { highWaterMark: 0 },
  );
  const init: StreamingRequestInit = { method: "POST", body, duplex: "half" };
  const request = new Request("http://console.test/api/auth/sign-in/username", init);
  return { request, pulledBytes: () => pulled };
}

function post(body: string, headers: Record<string, string> = {}): Request {
  return new Request("http://console.test/api/auth/sign-in/username", { method: "POST", body, headers });
}

const echo = async (request: Request) => new Response(await request.text());

describe("withCappedBody", () => {
  it("answers 413 with a JSON message naming the limit when Content-Length announces more", async () => {
    let handled = false;
    const request = post("{}", { "content-length": String(500 * 1024 * 1024) });
    const response = await withCappedBody(request, LIMIT, async () => {
      handled = true;
      return new Response("handled");
    });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toEqual({
      error: { message: "Request body too large: the limit is 16 KB", limitBytes: LIMIT },
    });
    expect(handled).toBe(false);
  });

  it("passes a body of exactly the limit through whole", async () => {
    const body = "x".repeat(LIMIT);
    const response = await withCappedBody(post(body), LIMIT, echo);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(body);
  });

  it("refuses a body one byte over the limit", async () => {
    const response = await withCappedBody(post("x".repeat(LIMIT + 1)), LIMIT, echo);
    expect(response.status).toBe(413);
  });

  it("cuts a chunked body off once it passes the limit, without pulling the rest", async () => {
    const upload = countedUpload(500 * 1024); // 500 MB if read to the end
    const response = await withCappedBody(upload.request, LIMIT, echo);
    expect(response.status).toBe(413);
    expect(upload.pulledBytes()).toBeGreaterThan(LIMIT);
    expect(upload.pulledBytes()).toBeLessThanOrEqual(LIMIT + 2 * CHUNK);
  });

  it("passes a chunked body within the limit through whole", async () => {
    const upload = countedUpload(LIMIT / CHUNK);
    const response = await withCappedBody(upload.request, LIMIT, echo);
    expect(response.status).toBe(200);
    expect((await response.text()).length).toBe(LIMIT);
  });

  it("leaves GET requests unread", async () => {
    const response = await withCappedBody(new Request("http://console.test/api/auth/get-session"), LIMIT, async (r) => new Response(r.method));
    expect(await response.text()).toBe("GET");
  });
});

describe("readCappedBody", () => {
  it("returns nothing for a POST without a body", async () => {
    expect(await readCappedBody(new Request("http://console.test/api/auth/sign-out", { method: "POST" }), LIMIT)).toBeUndefined();
  });
});
