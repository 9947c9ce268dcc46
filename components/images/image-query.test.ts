import { describe, expect, it } from "vitest";
import { imageQueryHref, parseImageQuery } from "./image-query";

describe("the catalogue's URL", () => {
  it("keeps known filters and drops junk", () => {
    expect(parseImageQuery(new URLSearchParams("q=%20atlas%20&state=endorsed&origin=x&page=-2&arch=x86_64"))).toEqual({ q: "atlas", state: "endorsed", os: undefined, arch: "x86_64", origin: undefined, page: 1 });
    expect(parseImageQuery(new URLSearchParams("state=bogus")).state).toBeUndefined();
  });

  it("round-trips through the link it writes", () => {
    const query = { q: "cernvm", state: "submitted" as const, origin: "ours" as const, page: 3 };
    expect(parseImageQuery(new URL(imageQueryHref(query), "http://x").searchParams)).toMatchObject(query);
    expect(imageQueryHref({ page: 1 })).toBe("/images");
  });
});
