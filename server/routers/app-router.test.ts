import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import type { Actor } from "@/server/services/lib/actor";
import { testActor } from "@/server/testing/actors";
import { createCloud, FACTORY_CREDENTIALS } from "@/server/testing/factories";
import { GENERIC_ERROR_MESSAGE } from "@/server/trpc/format-error";
import { appRouter } from "./_app";

/** Calls a query over HTTP exactly as the browser does, superjson and all. */
async function callQuery(db: Db, path: string, input?: unknown, actor: Actor | null = testActor("shifter")) {
  const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://localhost/api/trpc/${path}${search}`),
    router: appRouter,
    createContext: () => ({ db, actor }),
  });
  return { status: res.status, text: await res.text() };
}

let db: Db | undefined;
afterEach(async () => {
  if (db) await closeDb(db);
  db = undefined;
});

describe("appRouter over HTTP", () => {
  it("refuses the overview without a session, with a 401 that names no data", async () => {
    db = await openTestDb();
    await createCloud(db, { name: "cern" });
    const { status, text } = await callQuery(db, "overview.get", undefined, null);
    expect(status).toBe(401);
    expect(JSON.parse(text).error.json.message).toBe("Sign in first");
    expect(text).not.toContain("cern");
  });

  it("serves the overview to a signed-in shifter", async () => {
    db = await openTestDb();
    await createCloud(db, { name: "cern" });
    const { status, text } = await callQuery(db, "overview.get");
    expect(status).toBe(200);
    expect(text).toContain("cern");
    expect(text).not.toContain(FACTORY_CREDENTIALS);
  });

  it("maps a service's NOT_FOUND onto a 404 with its message", async () => {
    db = await openTestDb();
    const { status, text } = await callQuery(db, "clouds.byId", { id: 999 });
    expect(status).toBe(404);
    expect(JSON.parse(text).error.json.message).toBe("Cloud 999 does not exist");
  });

  it("answers invalid input with a 400 naming the field", async () => {
    db = await openTestDb();
    const { status, text } = await callQuery(db, "vms.list", { pageSize: 5000 });
    expect(status).toBe(400);
    expect(JSON.parse(text).error.json.message).toMatch(/^Invalid input \(pageSize: /);
  });

  it("hides internal failures behind a generic message without a stack", async () => {
    // A database of its own, closed here, so that afterEach does not close it twice.
    const closed = await openTestDb();
    await closeDb(closed);
    const { status, text } = await callQuery(closed, "overview.get");
    const error = JSON.parse(text).error.json;
    expect(status).toBe(500);
    expect(error.message).toBe(GENERIC_ERROR_MESSAGE);
    expect(error.data).not.toHaveProperty("stack");
    expect(text).not.toMatch(/database|sqlite|at \S+ \(/i);
  });
});
