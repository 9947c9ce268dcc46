import { afterAll, inject } from "vitest";
import { dropTestPostgresDatabases } from "../client";

// openTestDb() clones the migrated template on this server for each test database.
process.env.CLOUDSCOPE_TEST_DATABASE_URL = inject("postgresUrl");

// Registered first, so it runs after every test file's own afterAll has closed what it opened.
afterAll(dropTestPostgresDatabases);
