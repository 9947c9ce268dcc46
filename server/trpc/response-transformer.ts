import type { CombinedDataTransformer } from "@trpc/server";
import superjson from "superjson";

const serializedByValue = new WeakMap<object, ReturnType<typeof superjson.serialize>>();

/**
 * superjson, except that a frozen result is serialized once. Memoized reads (see
 * memoizeFor) hand every request the same frozen object, and serializing it would
 * otherwise be most of such a request's work. The wire format is plain superjson.
 */
export const responseTransformer: CombinedDataTransformer = {
  input: superjson,
  output: {
    serialize(value: unknown) {
      if (value === null || typeof value !== "object" || !Object.isFrozen(value)) return superjson.serialize(value);
      let serialized = serializedByValue.get(value);
      if (!serialized) serializedByValue.set(value, (serialized = superjson.serialize(value)));
      return serialized;
    },
    deserialize: (value) => superjson.deserialize(value),
  },
};
