import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowRuntime,
  type WorkflowWakeSignal,
} from "@duraflows/core";
import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import { generateMigrationSql } from "@duraflows/pg";
import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKyselyWakeSource } from "../../src/create-kysely-wake-source.js";
import { kyselyWorkflowProviders } from "../../src/kysely-providers.js";
import { KyselyTransactionContext } from "../../src/kysely-transaction-context.js";
import type { AppDb } from "../support/app-database.js";

describe("wake-ups on @duraflows/kysely", () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let db: Kysely<AppDb>;

  beforeAll(async () => {
    database = await createTestDatabase("kysely-wake");
    pool = database.createPool();
    await pool.query(generateMigrationSql({ includeDurableExecution: true }).up);
    db = new Kysely<AppDb>({ dialect: new PostgresDialect({ pool }) });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("LISTEN on a connection of the dialect's pool hears enqueue and outbox notices, only after COMMIT", async () => {
    const signals: WorkflowWakeSignal[] = [];
    const wake = createKyselyWakeSource(pool, { minReconnectDelayMs: 20 });
    wake.subscribe((signal) => signals.push(signal));
    await wake.ready();
    await expect.poll(() => signals.length).toBe(1);
    signals.length = 0;
    const definitionRegistry = new InMemoryDefinitionRegistry();
    definitionRegistry.register({
      name: "parcel",
      initialState: "new",
      states: { new: { events: { Ship: { targetState: "shipped" } } }, shipped: {} },
    });
    const runtime = new WorkflowRuntime({
      ...kyselyWorkflowProviders(db, { durableExecution: true, outbox: true, notify: true }),
      definitionRegistry,
      commandRegistry: new InMemoryCommandRegistry(),
      clock: { now: () => new Date() },
      observers: [{ name: "audit", delivery: "outbox", onEnter: () => undefined }],
    });
    const parcel = await runtime.createInstance({ workflowName: "parcel" });
    await expect.poll(() => signals.map((s) => s.kind)).toContain("outbox");
    signals.length = 0;
    await KyselyTransactionContext.transaction(db, async () => {
      await runtime.enqueueEvent({
        workflowInstanceUuid: parcel.uuid,
        eventName: "Ship",
        idempotencyKey: "k",
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(signals).toEqual([]);
    });
    await expect.poll(() => signals.map((s) => s.kind)).toContain("execution");
    await wake.close();
  });
});
