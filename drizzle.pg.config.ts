import { defineConfig } from "drizzle-kit";

/** PostgreSQL migrations, derived from db/pg/schema.ts (itself rendered from db/schema.ts). */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/pg/schema.ts",
  out: "./db/migrations-pg",
});
