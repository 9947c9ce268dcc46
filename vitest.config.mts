import { defineConfig } from "vitest/config";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

/** Tests that reach the database run again on PostgreSQL, in a throwaway cluster of their own. */
const DATABASE_TESTS = ["db/**/*.test.ts", "server/services/**/*.test.ts", "server/worker/**/*.test.ts", "server/auth/**/*.test.ts", "server/routers/**/*.test.ts"];
const engines = (process.env.CLOUDSCOPE_TEST_ENGINES ?? "sqlite,postgres").split(",");

export default defineConfig({
  resolve: { alias: { "@/": root, "server-only": `${root}server/testing/server-only-stub.ts` } },
  test: {
    exclude: ["node_modules/**", ".next/**", "e2e/**"],
    environment: "node",
    pool: "forks",
    // Vitest's default (cores - 1) runs one file at a time on a 2-core CI machine, while most
    // files wait on PostgreSQL, child processes or sockets: two overlap those waits.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 20_000,
    projects: [
      ...(engines.includes("sqlite") ? [{ extends: true as const, test: { name: "sqlite", include: ["**/*.test.ts"] } }] : []),
      ...(engines.includes("postgres")
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                include: DATABASE_TESTS,
                globalSetup: ["db/testing/postgres-global-setup.ts"],
                setupFiles: ["db/testing/postgres-setup-file.ts"],
              },
            },
          ]
        : []),
    ],
  },
});
