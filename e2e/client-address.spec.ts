import { and, eq } from "drizzle-orm";
import { auditLog } from "../db/schema";
import { DEMO_PASSWORD } from "./auth-state";
import { test, expect } from "./fixtures";
import { cookieHeaderFrom, pickLoopbackAddress, postJsonFrom } from "./post-from";

/**
 * The client's address is its socket's (CLOUDSCOPE_TRUSTED_PROXIES=0, the default): an
 * X-Forwarded-For it writes itself changes nothing. Each test connects from its own loopback address.
 */
test("thirty sign-ins from one socket, each claiming another X-Forwarded-For, run into the per-address limit", async ({ baseURL }) => {
  const from = pickLoopbackAddress();
  const statuses: number[] = [];
  for (let i = 1; i <= 30; i++) {
    // A new username each time, so only the per-address limit can stop them.
    const reply = await postJsonFrom(from, `${baseURL}/api/auth/sign-in/username`, { username: `e2e_nobody_${i}`, password: "guess" }, { "x-forwarded-for": `198.51.100.${i}` });
    statuses.push(reply.status);
  }
  // ADDRESS_SCHEDULE.free in server/domain/sign-in-delay.ts (and better-auth's 10 a minute): ten wrong guesses, then refused.
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
  expect(statuses.slice(10)).toEqual(Array(20).fill(429));
});

test("the audit log records the socket's address, not the X-Forwarded-For the client sent", async ({ baseURL, consoleDb }) => {
  const from = pickLoopbackAddress();
  const forged = { "x-forwarded-for": "203.0.113.66", "x-cloudscope-peer": "203.0.113.77", "x-cloudscope-client-ip": "203.0.113.88" };
  const signedIn = await postJsonFrom(from, `${baseURL}/api/auth/sign-in/username`, { username: "admin", password: DEMO_PASSWORD }, forged);
  expect(signedIn.status).toBe(200);

  const username = `e2e_addr_${Date.now().toString(36)}`;
  const created = await postJsonFrom(
    from,
    `${baseURL}/api/trpc/users.create`,
    { json: { username, password: "a long enough password", role: "shifter" } },
    { ...forged, cookie: cookieHeaderFrom(signedIn) },
  );
  expect(created.status).toBe(200);

  const entry = await consoleDb
    .select({ ip: auditLog.ip, actor: auditLog.actorName })
    .from(auditLog)
    .where(and(eq(auditLog.verb, "users.create"), eq(auditLog.summary, `created ${username} (shifter)`)))
    .get();
  expect(entry).toEqual({ ip: from, actor: "admin" });
});
