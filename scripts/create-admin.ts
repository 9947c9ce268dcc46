import readline from "node:readline";
import { Writable } from "node:stream";
import { z } from "zod";
import { closeDb, migrateDb, openDb } from "../db/client";
import { readEnv } from "../server/config/env";
import { createFirstAdmin } from "../server/services/create-first-admin";
import { MIN_PASSWORD_LENGTH } from "../server/services/create-user";

/**
 * `npm run create-admin -- <username>`: the first admin of an installation with real clouds
 * (CLOUDSCOPE_CONFIG), where no demo user exists. The password comes from
 * CLOUDSCOPE_ADMIN_PASSWORD or a prompt that does not echo it. Refused once an admin exists:
 * from then on admins add users at /admin/users.
 */
async function main(): Promise<void> {
  const username = process.argv[2];
  if (!username || username.startsWith("-")) {
    throw new Error("usage: npm run create-admin -- <username>   (password from CLOUDSCOPE_ADMIN_PASSWORD or a prompt)");
  }
  const env = readEnv();
  const password = env.CLOUDSCOPE_ADMIN_PASSWORD ?? (await promptPassword());
  const db = openDb();
  try {
    await migrateDb(db);
    const admin = await createFirstAdmin({ db, input: { username, password } });
    console.log(`[create-admin] admin ${admin.username} created in ${env.CLOUDSCOPE_DATABASE_URL ? "the PostgreSQL database" : env.CLOUDSCOPE_DB}; sign in at /login`);
  } finally {
    await closeDb(db);
  }
}

async function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new Error("no terminal to ask for the password: set CLOUDSCOPE_ADMIN_PASSWORD");
  const first = await askHidden(`password (at least ${MIN_PASSWORD_LENGTH} characters): `);
  const second = await askHidden("again: ");
  if (first !== second) throw new Error("the two passwords differ");
  return first;
}

function askHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, encoding, done) {
      if (!muted) process.stdout.write(chunk, encoding);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}

main().catch((err: unknown) => {
  const message = err instanceof z.ZodError ? err.issues.map((i) => i.message).join("; ") : err instanceof Error ? err.message : String(err);
  console.error(`[create-admin] ${message}`);
  process.exit(1);
});
