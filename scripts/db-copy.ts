import { parseArgs } from "node:util";
import { closeDb, migrateDb, openDb, type Db } from "@/db/client";
import { copyDatabase } from "@/db/copy";

/**
 * `npm run db:copy -- --from ./data/cloudscope.db --to postgres://user@host/cloudscope`:
 * moves an embedded installation to PostgreSQL (or back). Stop the console first.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: "string" }, to: { type: "string" } } });
  if (!values.from || !values.to) {
    console.error("usage: npm run db:copy -- --from <sqlite file | postgres url> --to <postgres url | sqlite file>");
    process.exit(2);
  }
  const from = open(values.from);
  const to = open(values.to);
  try {
    await migrateDb(from);
    await migrateDb(to);
    const report = await copyDatabase(from, to, (line) => console.log(`  ${line}`));
    console.log(`copied ${report.reduce((n, r) => n + r.rows, 0)} rows in ${report.length} tables`);
  } finally {
    await closeDb(from);
    await closeDb(to);
  }
}

function open(target: string): Db {
  return /^postgres(ql)?:\/\//.test(target) ? openDb({ url: target }) : openDb({ url: "", file: target });
}

main().catch((error: unknown) => {
  console.error(`db:copy failed, nothing was written to the target: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
