import type { TestProject } from "vitest/node";
import { migrateDb, openDb, closeDb } from "../client";
import { PostgresConnection } from "../engines/postgres";
import { startThrowawayPostgres } from "./throwaway-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** The postgres test project: one throwaway cluster, and a migrated template each test database is cloned from. */
export default async function setup(project: TestProject) {
  const server = await startThrowawayPostgres();
  const admin = new PostgresConnection(server.url, { max: 1 });
  await admin.query("CREATE DATABASE cloudscope_template");
  await admin.close();
  const template = new URL(server.url);
  template.pathname = "/cloudscope_template";
  const db = openDb({ url: template.toString() });
  await migrateDb(db);
  await closeDb(db);
  project.provide("postgresUrl", server.url);
  return () => server.stop();
}
