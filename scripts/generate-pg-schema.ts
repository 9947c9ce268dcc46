import fs from "node:fs";
import { renderPgSchema } from "@/db/pg/render-schema";

fs.writeFileSync("db/pg/schema.ts", renderPgSchema());
console.log("wrote db/pg/schema.ts");
