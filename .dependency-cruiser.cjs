// DESIGN.md's import rules (who may import whom), checked by `npm run lint`.
// Type-only imports are allowed where a rule says so: they vanish at build time.
// Tests and server/testing may cross layers (a driver test runs against its sim).

const TESTS = "(\\.test\\.tsx?$|^server/testing/)";
const VALUES = { dependencyTypesNot: ["type-only"] };
/** Node modules that reach disks, networks or processes: no place in pure code. */
const IO_CORE = "^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|dns|child_process|cluster|worker_threads|os|process)$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "vocabulary-stands-alone",
      comment: "The domain's words (server/domain/vocabulary.ts) import nothing: everyone, the browser included, imports them.",
      severity: "error",
      from: { path: "^server/domain/vocabulary\\.ts$" },
      to: {},
    },
    {
      name: "domain-is-pure",
      comment: "server/domain holds pure decisions: no database, no cloud, no service, no loop, no I/O; client code imports it. Types may name a driver's shapes.",
      severity: "error",
      from: { path: "^server/domain/", pathNot: TESTS },
      to: { path: ["^(db|app|components)/", "^server/(?!domain/)", "^node_modules/(drizzle-orm|better-sqlite3|pg)/"], ...VALUES },
    },
    {
      name: "db-below-everything",
      comment: "The schema and its plumbing know the domain's words and the configuration, nothing of drivers, services or the web.",
      severity: "error",
      from: { path: "^db/", pathNot: [TESTS, "^db/testing/"] },
      to: { path: ["^(app|components)/", "^server/(?!(domain/vocabulary|config/env)\\.ts$)"] },
    },
    {
      name: "domain-does-no-io",
      severity: "error",
      from: { path: "^server/domain/", pathNot: TESTS },
      to: { dependencyTypes: ["core"], path: IO_CORE },
    },
    {
      name: "clouds-are-wire-clients",
      comment: "Drivers speak to clouds and nothing else: never the database, services, worker, web or sim.",
      severity: "error",
      from: { path: "^server/clouds/", pathNot: TESTS },
      to: { path: ["^(db|app|components)/", "^server/(services|worker|routers|trpc|sim|auth)/", "^server/db\\.ts$"] },
    },
    {
      name: "workload-is-a-wire-client",
      comment: "The PanDA driver speaks to PanDA and nothing else, like the cloud drivers.",
      severity: "error",
      from: { path: "^server/workload/", pathNot: TESTS },
      to: { path: ["^(db|app|components)/", "^server/(services|worker|routers|trpc|sim|auth|clouds)/", "^server/db\\.ts$"] },
    },
    {
      name: "sim-shares-nothing",
      comment: "The sim is a separate world written from the protocols: no driver code, no database, no console code.",
      severity: "error",
      from: { path: "^server/sim/", pathNot: TESTS },
      to: { path: ["^(db|app|components)/", "^server/(clouds|services|worker|routers|trpc|auth)/", "^server/db\\.ts$"] },
    },
    {
      name: "routers-write-requests",
      comment: "Routers validate, authorise and call a service: no SQL, no cloud, no worker loop.",
      severity: "error",
      from: { path: "^server/routers/", pathNot: TESTS },
      to: { path: ["^db/", "^server/(clouds|worker|sim)/", "^node_modules/drizzle-orm/"], ...VALUES },
    },
    {
      name: "services-below-the-web",
      comment: "Services are used by routers and the worker alike; they reach a cloud's spec, never its wire client.",
      severity: "error",
      from: { path: "^server/services/", pathNot: TESTS },
      to: { path: ["^(app|components)/", "^server/(routers|trpc|worker|sim)/", "^server/clouds/(?!(registry|kind-spec|[^/]+/spec)\\.ts$)"], ...VALUES },
    },
    {
      name: "web-carries-no-driver",
      comment: "The web's code (pages, components, routers, services) reaches a kind's spec, never, not even through a spec, its driver, wire client or SDK: they stay out of the web bundle.",
      severity: "error",
      from: { path: "^(app|components)/|^server/(routers|trpc|auth|services)/", pathNot: TESTS },
      to: { path: ["^server/clouds/(driver-registry|kind-driver)\\.ts$", "^server/clouds/[^/]+/(?!spec\\.ts$)[^/]+$", "^node_modules/@aws-sdk/"], reachable: true },
    },
    {
      name: "worker-through-services",
      comment: "The worker's loops read and write the database through services (tables and queries live there).",
      severity: "error",
      from: { path: "^server/worker/", pathNot: TESTS },
      to: { path: ["^db/(schema|operations-schema|auth-schema)\\.ts$", "^node_modules/drizzle-orm/", "^server/(routers|trpc)/", "^(app|components)/"], ...VALUES },
    },
    {
      name: "components-stay-client-safe",
      comment: "Client code imports values only from pure, I/O-free modules (server/domain); types from anywhere.",
      severity: "error",
      from: { path: "^components/", pathNot: TESTS },
      to: { path: ["^db/", "^server/(?!domain/)", "^node_modules/(drizzle-orm|better-sqlite3|pg)/"], ...VALUES },
    },
    {
      name: "components-do-no-io",
      severity: "error",
      from: { path: "^components/", pathNot: TESTS },
      to: { dependencyTypes: ["core"], ...VALUES },
    },
    {
      name: "app-through-routers",
      comment: "Pages and routes read through routers (tRPC callers), never services, tables, clouds or worker.",
      severity: "error",
      from: { path: "^app/" },
      to: { path: ["^db/", "^server/(services|clouds|worker|sim)/", "^node_modules/drizzle-orm/"], ...VALUES },
    },
    {
      name: "no-test-code-in-production",
      severity: "error",
      from: { pathNot: [TESTS, "^(e2e|bench)/", "\\.config\\.", "^vitest"] },
      to: { path: TESTS },
    },
    {
      name: "no-undeclared-package",
      comment: "Every package imported is declared in package.json, not reached through hoisting.",
      severity: "error",
      from: {},
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "no-dev-package-at-run-time",
      comment: "What the web, worker or start script imports at run time is a dependency, not a devDependency.",
      severity: "error",
      from: { path: "^(app|components|server|db|scripts)/", pathNot: [TESTS, "^db/testing/"] },
      to: { dependencyTypes: ["npm-dev"], ...VALUES },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves nowhere would slip past every rule above.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(\\.next|data|test-results|playwright-report)/|^db/migrations" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
