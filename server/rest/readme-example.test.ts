import { createServer, type Server } from "node:http";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { action, auditLog, siteParamVersion } from "@/db/schema";
import { defaultSiteParams } from "@/server/domain/site-params";
import { createAuth } from "@/server/auth/create-auth";
import { readActor } from "@/server/auth/read-actor";
import { createApiToken } from "@/server/services/create-api-token";
import { insertTestUser } from "@/server/testing/actors";
import { createCloud, createCloudImage, createFlavor } from "@/server/testing/factories";
import { locateCli, runCli } from "@/server/testing/run-cli";
import { handleRestRequest } from "./handle-rest-request";

const README_URL = "http://localhost:3000";

/** The README's sh block that follows its REST API paragraph. */
function readReadmeExample(): string {
  const readme = readFileSync(path.join(__dirname, "../../README.md"), "utf8");
  const block = readme.slice(readme.indexOf("**REST API (OpenAPI).**")).match(/```sh\n([\s\S]*?)```/);
  if (!block?.[1]) throw new Error("README.md has no sh block after **REST API (OpenAPI).**");
  return block[1];
}

const curl = locateCli("curl", "curl");
const jq = locateCli("jq", "jq");

let db: Db;
let server: Server;
let baseUrl: string;
let token: string;
let bin: string;
/** Statuses the "worker" moves the action through, one per poll of it. */
const progress: Array<"running" | "succeeded"> = ["running", "succeeded"];

beforeAll(async () => {
  db = await openTestDb();
  const c = await createCloud(db);
  expect(c.id).toBe(1);
  await db.insert(siteParamVersion).values({ cloudId: c.id, version: 1, params: JSON.stringify(defaultSiteParams(c.name)), createdByName: "test", createdAt: new Date() }).run();
  await createCloudImage(db, { cloudId: c.id, providerId: "cirros" });
  await createFlavor(db, { cloudId: c.id, providerId: "m1.small" });
  const owner = await insertTestUser(db, "operator");
  token = (await createApiToken({ db, actor: owner, input: { name: "readme example", scope: "operator", expiresInDays: 1 } })).token;

  const auth = createAuth({ db, secret: "readme-secret-".padEnd(48, "x"), baseURL: README_URL });
  server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])));
      const request = new Request(`${baseUrl}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      const reply = await handleRestRequest(request, async (r) => ({ db, actor: await readActor(auth, db, r.headers) }));
      // The worker's part, one step per poll, so the example's loop ends without waiting.
      const polled = req.url?.match(/^\/api\/v1\/actions\/(\d+)$/);
      const next = polled ? progress.shift() : undefined;
      if (polled && next) await db.update(action).set({ status: next }).where(eq(action.id, Number(polled[1]))).run();
      res.writeHead(reply.status, Object.fromEntries(reply.headers));
      res.end(Buffer.from(await reply.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // uuidgen is not on every machine; sleep must not make the test wait.
  bin = mkdtempSync(path.join(tmpdir(), "cloudscope-readme-"));
  writeFileSync(path.join(bin, "uuidgen"), "#!/bin/sh\ncat /proc/sys/kernel/random/uuid\n");
  writeFileSync(path.join(bin, "sleep"), "#!/bin/sh\nexit 0\n");
  for (const shim of ["uuidgen", "sleep"]) chmodSync(path.join(bin, shim), 0o755);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(bin, { recursive: true, force: true });
  await closeDb(db);
});

describe("the README's REST example", () => {
  it.skipIf(!curl || !jq)("launches with curl, follows the action to its end, and is audited under the token", async () => {
    const script = readReadmeExample().replaceAll(README_URL, baseUrl);
    const env = { PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`, CLOUDSCOPE_TOKEN: token };
    const result = await runCli("/bin/bash", ["--norc", "-euo", "pipefail", "-c", script], env);
    expect(result.stderr).toBe("");
    const [launched] = await db.select().from(action).all();
    expect(launched).toMatchObject({ kind: "launch", total: 2, status: "succeeded" });
    expect(result.stdout.trim().split("\n")).toEqual([`action ${launched!.id}: queued`, `action ${launched!.id}: running`, `action ${launched!.id}: succeeded`]);
    const [audited] = await db.select().from(auditLog).where(eq(auditLog.verb, "vms.launch")).all();
    expect(audited?.summary).toContain('(with API token "readme example")');
  });
});
