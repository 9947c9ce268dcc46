import { describe, expect, it } from "vitest";
import { listAuditLogInput } from "@/server/services/list-audit-log";
import { auditEntryHref, hasAuditFilters, parseAuditQuery, serializeAuditQuery, toAuditListInput, parseUtcInput } from "./audit-query";

describe("audit query in the URL", () => {
  it("reads an empty query string as the first page, unfiltered", () => {
    const query = parseAuditQuery(new URLSearchParams());
    expect(query).toEqual({ page: 1 });
    expect(hasAuditFilters(query)).toBe(false);
    expect(serializeAuditQuery(query).toString()).toBe("");
  });

  it("round-trips every filter, the page and the linked entry, keeping foreign keys", () => {
    const url = new URLSearchParams("actor=alice&verb=vms.launch&type=cloud&target=3&from=2025-06-01&to=2025-06-10T12:30Z&page=2&id=42&range=24h");
    const query = parseAuditQuery(url);
    expect(query).toEqual({ actor: "alice", verb: "vms.launch", targetType: "cloud", targetId: "3", from: "2025-06-01", to: "2025-06-10T12:30Z", page: 2, id: 42 });
    expect(hasAuditFilters(query)).toBe(true);
    const back = serializeAuditQuery(query, url);
    expect(parseAuditQuery(back)).toEqual(query);
    expect(back.get("range")).toBe("24h");
  });

  it("drops values that are not what they claim to be", () => {
    const query = parseAuditQuery(new URLSearchParams("from=yesterday&to=2025-02-31&page=-1&id=abc&actor=%20%20"));
    expect(query).toEqual({ page: 1 });
  });

  it("turns URL dates into UTC instants: a 'to' day includes the whole day", () => {
    const input = toAuditListInput(parseAuditQuery(new URLSearchParams("from=2025-06-01&to=2025-06-01")));
    expect(input.from).toEqual(new Date("2025-06-01T00:00:00Z"));
    expect(input.to).toEqual(new Date("2025-06-02T00:00:00Z"));
    const times = toAuditListInput(parseAuditQuery(new URLSearchParams("from=2025-06-01T10:00&to=2025-06-01T11:00:30Z")));
    expect(times.from).toEqual(new Date("2025-06-01T10:00:00Z"));
    expect(times.to).toEqual(new Date("2025-06-01T11:00:30Z"));
  });

  it("always produces input the server accepts; a reversed range is dropped, the linked id is not a filter", () => {
    const reversed = toAuditListInput(parseAuditQuery(new URLSearchParams("from=2025-06-10&to=2025-06-01&id=5")));
    expect(reversed.from).toBeUndefined();
    expect(reversed.to).toBeUndefined();
    expect(reversed).not.toHaveProperty("id", 5);
    expect(() => listAuditLogInput.parse(reversed)).not.toThrow();
    expect(auditEntryHref(5)).toBe("/audit?id=5");
  });
});

describe("UTC time fields", () => {
  it("take ISO days and times as typed, a space for the T, and refuse what is no date", () => {
    expect(parseUtcInput(" 2025-06-10 ")).toBe("2025-06-10");
    expect(parseUtcInput("2025-06-10 12:00")).toBe("2025-06-10T12:00");
    expect(parseUtcInput("2025-06-10T12:00:30z")).toBe("2025-06-10T12:00:30Z");
    expect(parseUtcInput("2025-02-31")).toBeUndefined();
    expect(parseUtcInput("10/06/2025")).toBeUndefined();
  });
});
