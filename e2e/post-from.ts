import http from "node:http";

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A random loopback address other than 127.0.0.1, so a spec's sign-in limits touch no other spec's (and every run starts clean). */
export function pickLoopbackAddress(): string {
  const octet = () => 2 + Math.floor(Math.random() * 250);
  return `127.${octet()}.${octet()}.${octet()}`;
}

/**
 * POSTs JSON from a chosen local address (all of 127.0.0.0/8 is this machine), which the
 * browser and Playwright's request context cannot choose: the server sees it as the socket's peer.
 */
export function postJsonFrom(localAddress: string, url: string, data: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const body = JSON.stringify(data);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", localAddress, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), origin: new URL(url).origin, ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The cookies a reply sets, as a Cookie header. */
export function cookieHeaderFrom(reply: Reply): string {
  return (reply.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
}
