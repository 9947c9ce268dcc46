import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The console's /api/image-files/<identifier> as a cloud that fetches images itself downloads
 * it: the version's bytes at that path, 404 for any other. Resolves with its base URL.
 */
export async function serveImageFile(identifier: string, bytes: Buffer): Promise<{ base: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url === `/api/image-files/${identifier}`) res.end(bytes);
    else res.writeHead(404).end("No published image has this identifier\n");
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((closed) => server.close(() => closed())) };
}
