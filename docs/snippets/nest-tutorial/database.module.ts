import { Inject, Injectable, Module, type OnApplicationShutdown } from "@nestjs/common";
import { generateMigrationSql } from "@duraflows/pg";
import pg from "pg";

/** Injection token of the application's pg pool. */
export const PG_POOL = Symbol("PG_POOL");

/**
 * Creates the duraflows tables when the database has none yet. Running it on every boot is harmless; in
 * production you may prefer to run it once per deployment, or use the dbmate files shipped in
 * `@duraflows/pg`'s `sql/dbmate` folder.
 */
export async function migrateWorkflowSchema(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ name: string | null }>(
    "SELECT to_regclass('workflow_instances')::text AS name",
  );
  if (rows[0]?.name != null) return;
  await pool.query(generateMigrationSql({ includeIdempotency: true }).up);
}

/** Closes the pool when the application shuts down, after the workflow module has stopped using it. */
@Injectable()
export class PoolShutdown implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

@Module({
  providers: [
    {
      provide: PG_POOL,
      useFactory: async (): Promise<pg.Pool> => {
        const pool = new pg.Pool({ connectionString: process.env["DATABASE_URL"] });
        await migrateWorkflowSchema(pool);
        return pool;
      },
    },
    PoolShutdown,
  ],
  exports: [PG_POOL],
})
export class DatabaseModule {}
