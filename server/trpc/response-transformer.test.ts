import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { freezeDeep } from "../services/lib/memoize-for";
import { responseTransformer } from "./response-transformer";

describe("responseTransformer", () => {
  const { serialize } = responseTransformer.output;

  it("writes plain superjson, readable by the client's superjson", () => {
    const value = { at: new Date(1_000), counts: { running: 3 } };
    expect(serialize(value)).toEqual(superjson.serialize(value));
    expect(superjson.deserialize(serialize(freezeDeep({ ...value })))).toEqual(value);
  });

  it("serializes a frozen result once, and anything else every time", () => {
    const shared = freezeDeep({ at: new Date(1_000) });
    expect(serialize(shared)).toBe(serialize(shared));
    const fresh = { at: new Date(1_000) };
    expect(serialize(fresh)).not.toBe(serialize(fresh));
  });
});
