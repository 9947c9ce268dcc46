import { inject } from "vitest";

// openTestDb() clones the migrated template on this server for each test database.
process.env.CLOUDSCOPE_TEST_DATABASE_URL = inject("postgresUrl");
