import { describe, expect, it } from "vitest";
import { parseReply } from "../parse";
import { currentUsageSchema, listOf, serverSchema } from "./api-types";

const list = listOf(serverSchema);
const server = { uuid: "u1", name: "wn", status: "running", cpu: 2000, mem: 2 ** 31, meta: { a: "b", weird: 3 }, runtime: null };

describe("CloudSigma reply shapes", () => {
  it("reads a list page and keeps only string meta values", () => {
    const page = parseReply(list, { meta: { limit: 100, offset: 0, total_count: 1 }, objects: [server] }, "servers");
    expect(page.objects[0]).toMatchObject({ uuid: "u1", meta: { a: "b" }, runtime: null });
  });

  it("names a missing uuid", () => {
    const { uuid: _dropped, ...noUuid } = server;
    expect(() => parseReply(list, { meta: { limit: 100, offset: 0, total_count: 2 }, objects: [server, noUuid] }, "CloudSigma server list")).toThrow(
      expect.objectContaining({ kind: "malformed_reply", message: expect.stringContaining('field "objects.1.uuid"') }),
    );
  });

  it("names objects that are not a list", () => {
    expect(() => parseReply(list, { meta: { limit: 100, offset: 0, total_count: 1 }, objects: { u1: server } }, "CloudSigma server list")).toThrow(
      expect.objectContaining({ message: expect.stringContaining('field "objects"') }),
    );
  });

  it("names a page without total_count", () => {
    expect(() => parseReply(list, { meta: { limit: 100, offset: 0 }, objects: [] }, "CloudSigma server list")).toThrow(
      expect.objectContaining({ message: expect.stringContaining('field "meta.total_count"') }),
    );
  });

  it("names a usage figure that is missing", () => {
    expect(() => parseReply(currentUsageSchema, { usage: { cpu: { burst: 0, subscribed: 0, using: 0 } } }, "CloudSigma current usage")).toThrow(
      expect.objectContaining({ message: expect.stringContaining('field "usage.mem"') }),
    );
  });
});
