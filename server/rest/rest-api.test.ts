import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv2020 from "ajv/dist/2020";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { action, auditLog, siteParamVersion } from "@/db/schema";
import { defaultSiteParams } from "@/server/domain/site-params";
import type { Role } from "@/server/domain/vocabulary";
import { createAuth } from "@/server/auth/create-auth";
import { readActor } from "@/server/auth/read-actor";
import { appRouter } from "@/server/routers/_app";
import { createApiToken } from "@/server/services/create-api-token";
import { insertTestUser } from "@/server/testing/actors";
import { createCloud, createCloudImage, createFlavor, createVm } from "@/server/testing/factories";
import { createCallerFactory } from "@/server/trpc/init";
import { handleRestRequest } from "./handle-rest-request";
import { getOpenApiDocument } from "./openapi-document";

const BASE = "http://console.test";

let db: Db;
let call: (method: string, path: string, options?: { token?: string; body?: unknown }) => Promise<{ status: number; body: unknown }>;
let fleet: { cloudId: number; imageId: string; flavorId: string; runningVmId: number; bootingVmId: number };
const tokens = {} as Record<"readOnly" | "operator", string>;

/** A user of `role` with a token of `scope`: the secret a script sends. */
async function mintToken(role: Role, scope: Role, name: string): Promise<string> {
  const owner = await insertTestUser(db, role);
  return (await createApiToken({ db, actor: owner, input: { name, scope, expiresInDays: 1 } })).token;
}

beforeAll(async () => {
  db = await openTestDb();
  const auth = createAuth({ db, secret: "rest-secret-".padEnd(48, "x"), baseURL: BASE });
  // As the web serves it, with the actor resolved from the Authorization header like any tRPC call.
  const createContext = async (req: Request) => ({ db, actor: await readActor(auth, db, req.headers) });
  call = async (method, path, { token, body } = {}) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await handleRestRequest(new Request(`${BASE}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), createContext);
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const c = await createCloud(db);
  await db.insert(siteParamVersion).values({ cloudId: c.id, version: 1, params: JSON.stringify(defaultSiteParams(c.name)), createdByName: "test", createdAt: new Date() }).run();
  const image = await createCloudImage(db, { cloudId: c.id });
  const size = await createFlavor(db, { cloudId: c.id });
  const running = await createVm(db, { cloudId: c.id, state: "running" });
  const booting = await createVm(db, { cloudId: c.id, state: "booting" });
  fleet = { cloudId: c.id, imageId: image.providerId, flavorId: size.providerId, runningVmId: running.id, bootingVmId: booting.id };
  tokens.readOnly = await mintToken("operator", "shifter", "grafana panel");
  tokens.operator = await mintToken("operator", "operator", "pilot factory");
});
afterAll(() => closeDb(db));

function launchBody(count = 2) {
  return { cloudId: fleet.cloudId, imageId: fleet.imageId, flavorId: fleet.flavorId, queue: "CERN-PROD", count, idempotencyKey: crypto.randomUUID() };
}

describe("the REST API", () => {
  it("is described by an OpenAPI 3.1 document that a validator accepts, each operation naming its permission", async () => {
    const document = getOpenApiDocument();
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    const operations = Object.entries(document.paths ?? {}).flatMap(([path, ops]) =>
      Object.entries(ops as Record<string, { "x-permission"?: string }>).map(([method, op]) => `${method.toUpperCase()} ${path} ${op["x-permission"]}`),
    );
    expect(operations.sort()).toEqual([
      "GET /actions/{actionId} fleet.read",
      "GET /audit audit.read",
      "GET /clouds fleet.read",
      "GET /vms fleet.read",
      "POST /actions/destroy vms.destroy",
      "POST /actions/drain vms.drain",
      "POST /actions/launch vms.launch",
    ]);
  });

  it("lets a read-only token list clouds and filtered VMs, and refuses it a launch with 403", async () => {
    const clouds = await call("GET", "/clouds", { token: tokens.readOnly });
    expect(clouds.status).toBe(200);
    expect(clouds.body).toEqual([expect.objectContaining({ id: fleet.cloudId, status: "up", statusSince: "2025-01-01T00:00:00.000Z" })]);

    const running = await call("GET", `/vms?cloudId=${fleet.cloudId}&states=running`, { token: tokens.readOnly });
    expect(running.status).toBe(200);
    expect((running.body as { rows: Array<{ id: number }> }).rows.map((r) => r.id)).toEqual([fleet.runningVmId]);
    const both = await call("GET", "/vms?states=running&states=booting&sort=state", { token: tokens.readOnly });
    expect((both.body as { total: number }).total).toBe(2);
    const fresh = await call("GET", "/vms?stale=false", { token: tokens.readOnly });
    expect((fresh.body as { total: number }).total).toBe(2);

    const launch = await call("POST", "/actions/launch", { token: tokens.readOnly, body: launchBody() });
    expect(launch.status).toBe(403);
    expect(await db.select().from(action).all()).toEqual([]);
  });

  it("answers 401 without a token or with an unknown one, naming neither", async () => {
    const none = await call("GET", "/clouds");
    const unknown = await call("GET", "/clouds", { token: "cs_not-a-real-token" });
    expect([none.status, unknown.status]).toEqual([401, 401]);
    expect((unknown.body as { message: string }).message).toBe((none.body as { message: string }).message);
  });

  it("records a launch made by REST under the token and lets the script follow it to its status", async () => {
    const launched = await call("POST", "/actions/launch", { token: tokens.operator, body: launchBody(3) });
    expect(launched.status).toBe(200);
    const { actionId } = launched.body as { actionId: number; existing: boolean };

    const followed = await call("GET", `/actions/${actionId}`, { token: tokens.operator });
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({ id: actionId, kind: "launch", status: "queued", total: 3, stored: { kind: "launch", params: { queue: "CERN-PROD", count: 3 } } });
    expect((followed.body as { items: unknown[] }).items).toHaveLength(3);

    const audited = await call("GET", `/audit?verb=vms.launch&targetId=${actionId}`, { token: tokens.operator });
    expect((audited.body as { rows: Array<{ summary: string; targetType: string }> }).rows).toEqual([
      expect.objectContaining({ targetType: "action", summary: expect.stringContaining('(with API token "pilot factory")') }),
    ]);
    const [row] = await db.select().from(auditLog).where(eq(auditLog.verb, "vms.launch")).all();
    expect(row?.targetId).toBe(String(actionId));
  });

  it("answers one request per documented operation with a documented status and a body matching its schema", async () => {
    const document = getOpenApiDocument();
    const launched = (await call("POST", "/actions/launch", { token: tokens.operator, body: launchBody(1) })).body as { actionId: number };
    const requests: Record<string, { path: string; body?: unknown }> = {
      "clouds-list": { path: "/clouds" },
      "vms-list": { path: "/vms?page=1&pageSize=10&stale=false" },
      "actions-launch": { path: "/actions/launch", body: launchBody(1) },
      "actions-drain": { path: "/actions/drain", body: { vmIds: [fleet.runningVmId], idempotencyKey: crypto.randomUUID() } },
      "actions-destroy": { path: "/actions/destroy", body: { vmIds: [fleet.bootingVmId], idempotencyKey: crypto.randomUUID() } },
      "actions-byId": { path: `/actions/${launched.actionId}` },
      "audit-list": { path: "/audit?from=2020-01-01T00:00:00Z&pageSize=5" },
    };
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    for (const [, operations] of Object.entries(document.paths ?? {})) {
      for (const [method, op] of Object.entries(operations as Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: object }> }> }>)) {
        const request = requests[op.operationId];
        expect(request, `an example request for ${op.operationId}`).toBeDefined();
        const res = await call(method.toUpperCase(), request!.path, { token: tokens.operator, body: request!.body });
        expect(res.status, `${op.operationId}: ${JSON.stringify(res.body)}`).toBe(200);
        const validate = ajv.compile(op.responses["200"]!.content!["application/json"]!.schema);
        expect(validate(res.body), `${op.operationId}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
    }
  });

  it("leaves tRPC's validation as strict as before: strings for numbers or dates are still refused after REST calls", async () => {
    const launched = (await call("POST", "/actions/launch", { token: tokens.operator, body: launchBody(1) })).body as { actionId: number };
    await call("GET", `/actions/${launched.actionId}`, { token: tokens.operator });
    await call("GET", `/vms?cloudId=${fleet.cloudId}&page=1`, { token: tokens.operator });
    await call("GET", "/audit?from=2020-01-01T00:00:00Z&pageSize=5", { token: tokens.operator });

    const caller = createCallerFactory(appRouter)({ db, actor: await insertTestUser(db, "operator") });
    const refusals = await Promise.allSettled([
      caller.vms.list({ cloudId: String(fleet.cloudId) as never }),
      caller.audit.list({ from: "2020-01-01T00:00:00Z" as never }),
      caller.actions.byId({ actionId: String(launched.actionId) as never }),
      caller.actions.cancel({ actionId: String(launched.actionId) as never }),
      caller.actions.launch({ ...launchBody(1), count: "1" as never }),
    ]);
    expect(refusals.map((r) => (r.status === "rejected" ? (r.reason as { code?: string }).code : "accepted"))).toEqual(Array(5).fill("BAD_REQUEST"));
    // The REST calls still read their query strings as numbers and dates.
    expect((await call("GET", `/vms?cloudId=${fleet.cloudId}&stale=false`, { token: tokens.operator })).status).toBe(200);
  });
});
