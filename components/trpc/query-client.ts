import { QueryClient } from "@tanstack/react-query";
import superjson from "superjson";

/** How often live views re-read the database. */
export const LIVE_REFETCH_MS = 4_000;

/** One factory for the browser and for server prefetching, so both agree on serialization. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Long enough that hydrated server data is not refetched on mount.
      queries: { staleTime: 3_000, retry: 1 },
      dehydrate: { serializeData: superjson.serialize },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
