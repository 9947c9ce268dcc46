// Enforces DESIGN.md's import rules: who may import whom. Type-only imports are allowed
// (they vanish at build time), and tests are exempt (a driver test runs against its sim).
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const rules = [
  { from: "server/clouds/", never: ["db/", "server/services/", "server/worker/", "server/sim/"] },
  { from: "server/domain/", never: ["db/", "server/clouds/", "server/services/", "server/worker/"] },
  { from: "server/sim/", never: ["server/clouds/", "db/", "server/services/"] },
  { from: "server/routers/", never: ["server/clouds/", "server/worker/"] },
  { from: "components/", never: ["db/", "server/"] },
];

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return ["node_modules", ".next", ".git", "data"].includes(e.name) ? [] : walk(full);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

const problems = [];
for (const file of walk(root)) {
  const rel = path.relative(root, file);
  const rule = rules.find((r) => rel.startsWith(r.from));
  if (!rule) continue;
  const source = fs.readFileSync(file, "utf8");
  for (const m of source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+["']([^"']+)["']/gms)) {
    const spec = m[1];
    let target;
    if (spec.startsWith("@/")) target = spec.slice(2);
    else if (spec.startsWith(".")) target = path.relative(root, path.resolve(path.dirname(file), spec));
    else continue;
    const bad = rule.never.find((n) => target.startsWith(n) || `${target}/`.startsWith(n));
    if (bad) problems.push(`${rel}: imports ${spec} (${rule.from} must not import ${bad})`);
  }
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("import rules: ok");
