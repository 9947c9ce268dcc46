/** A request body longer than the route accepts; answered 413 without reading the rest. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`Request body too large: the limit is ${formatBytes(limitBytes)}`);
    this.name = "BodyTooLargeError";
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return `${n} bytes`;
}

/**
 * The request's body, at most `limitBytes` long (undefined when it has none). Refuses before
 * reading when Content-Length announces more, and stops pulling from the stream as soon as
 * more than the limit has arrived (a chunked body announces nothing).
 */
export async function readCappedBody(request: Request, limitBytes: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limitBytes) {
    await request.body?.cancel();
    throw new BodyTooLargeError(limitBytes);
  }
  if (!request.body) return undefined;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limitBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The 413 reply, in the same `{ error: { message } }` shape as the console's other refusals. */
export function bodyTooLargeResponse(error: BodyTooLargeError): Response {
  return Response.json({ error: { message: error.message, limitBytes: error.limitBytes } }, { status: 413 });
}

/** Node's fetch needs `duplex` to send a stream; the DOM typings do not know it yet. */
export type StreamingRequestInit = RequestInit & { duplex?: "half" };

/**
 * Runs `handle` on a copy of the request whose body has been read within `limitBytes`, or
 * answers 413. GET and HEAD carry no body and pass through unread.
 */
export async function withCappedBody(
  request: Request,
  limitBytes: number,
  handle: (request: Request) => Promise<Response>,
): Promise<Response> {
  if (request.method === "GET" || request.method === "HEAD") return handle(request);
  let body: Uint8Array<ArrayBuffer> | undefined;
  try {
    body = await readCappedBody(request, limitBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return bodyTooLargeResponse(error);
    throw error;
  }
  return handle(new Request(request, { body }));
}
