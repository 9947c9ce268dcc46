import { getTableColumns } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { flavor } from "@/db/schema";
import { chunkForInsert, MAX_BOUND_PARAMETERS, splitIntoChunks } from "./chunk-rows";

describe("chunkForInsert", () => {
  it("keeps every statement's bound parameters within the limit, in order", () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => i);
    const chunks = chunkForInsert(flavor, rows);
    const perRow = Object.keys(getTableColumns(flavor)).length;
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length * perRow).toBeLessThanOrEqual(MAX_BOUND_PARAMETERS);
    expect(chunks.flat()).toEqual(rows);
  });

  it("returns no chunk for no rows", () => {
    expect(chunkForInsert(flavor, [])).toEqual([]);
    expect(splitIntoChunks([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
  });
});
