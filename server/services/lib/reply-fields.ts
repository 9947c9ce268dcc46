import { z } from "zod";

/**
 * A time in a reply: a Date to the console's pages (superjson), an ISO 8601 string in the
 * REST API's JSON, which is what the OpenAPI document says.
 */
export const timeField = z.date().meta({ format: "date-time" });
