// Internal test support (private workspace package, never published).
export {
  createTestDatabase,
  resolvePostgresServer,
  type PostgresServer,
  type TestDatabase,
} from "./postgres-test-database.js";
