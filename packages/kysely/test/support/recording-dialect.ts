import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from "kysely";

/** One statement the fake driver saw; transaction control appears as `BEGIN` / `COMMIT` / `ROLLBACK`. */
export interface RecordedStatement {
  sql: string;
  parameters: readonly unknown[];
  queryId?: string;
  query?: unknown;
}

/** Decides the result of a statement: return rows / affected rows, or throw to simulate a database error. */
export type Responder = (statement: RecordedStatement) => Partial<QueryResult<unknown>> | undefined;

/**
 * A Kysely on the real PostgreSQL compiler with a driver that records statements instead of sending them,
 * so unit tests can assert the exact SQL, parameters and transaction control without a server.
 */
export class RecordingDatabase<DB = any> {
  readonly statements: RecordedStatement[] = [];
  responder: Responder = () => undefined;
  readonly db: Kysely<DB>;

  constructor() {
    const connection: DatabaseConnection = {
      executeQuery: async <R>(compiled: CompiledQuery): Promise<QueryResult<R>> => {
        const statement: RecordedStatement = {
          sql: compiled.sql,
          parameters: compiled.parameters,
          queryId: compiled.queryId.queryId,
          query: compiled.query,
        };
        this.statements.push(statement);
        const result = this.responder(statement) ?? {};
        return { rows: [], ...result } as QueryResult<R>;
      },
      // eslint-disable-next-line require-yield
      streamQuery: async function* () {
        throw new Error("streaming is not supported by the recording driver");
      },
    };
    const control = async (sql: string): Promise<void> => {
      const statement = { sql, parameters: [] };
      this.statements.push(statement);
      this.responder(statement);
    };
    const driver: Driver = {
      init: async () => undefined,
      acquireConnection: async () => connection,
      beginTransaction: () => control("BEGIN"),
      commitTransaction: () => control("COMMIT"),
      rollbackTransaction: () => control("ROLLBACK"),
      releaseConnection: async () => undefined,
      destroy: async () => undefined,
    };
    const dialect: Dialect = {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createQueryCompiler: () => new PostgresQueryCompiler(),
      createIntrospector: (db) => new PostgresIntrospector(db),
    };
    this.db = new Kysely<DB>({ dialect });
  }

  /** The recorded SQL texts, in order. */
  sql(): string[] {
    return this.statements.map((statement) => statement.sql);
  }

  /** Forgets what was recorded so far. */
  clear(): void {
    this.statements.length = 0;
  }
}
