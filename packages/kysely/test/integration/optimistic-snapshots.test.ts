import type { WorkflowRuntime } from "@duraflows/core";
import { generateMigrationSql } from "@duraflows/pg";
import { createTestDatabase, type TestDatabase } from "@duraflows/test-support";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toggleRuntime } from "../support/toggle-runtime.js";

/*
 * With optimisticTransitions, a runtime remembers the instances it moved without a transaction and sends the
 * next command-less event on one of them as the version-checked write alone. Kysely's history store provides
 * that write too, so the same holds on this adapter.
 */
describe("@duraflows/kysely optimistic transitions from a remembered instance", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase("kysely-optimistic-snapshots");
    const setup = database.createPool();
    await setup.query(generateMigrationSql({}).up);
    await setup.end();
  });
  afterAll(async () => {
    await database?.drop();
  });

  /** A runtime on a fresh pool whose statements are recorded by leading keyword. */
  const runtimeOn = (optimisticTransitions: boolean) => {
    const pool: pg.Pool = database.createPool({ max: 2 });
    const seen: string[] = [];
    pool.on("connect", (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
        const first = args[0] as string | { text: string };
        const text = typeof first === "string" ? first : first.text;
        seen.push(text.trimStart().split(/\s+/)[0]!.toLowerCase());
        return query(...args);
      };
    });
    const { db, runtime } = toggleRuntime(pool, "remembered-toggle", optimisticTransitions);
    return { db, runtime, seen };
  };

  it("sends only the write for an instance it moved last, and reads again after another runtime moved it", async () => {
    const mine = runtimeOn(true);
    const other = runtimeOn(false);
    const { uuid } = await mine.runtime.createInstance({ workflowName: "remembered-toggle" });
    const step = async (runtime: WorkflowRuntime, seen: string[]) => {
      seen.length = 0;
      const result = await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" });
      return { moved: `${result.fromState}→${result.toState}`, sent: [...seen] };
    };
    expect(await step(mine.runtime, mine.seen)).toEqual({ moved: "a→b", sent: ["select", "with"] });
    expect(await step(mine.runtime, mine.seen)).toEqual({ moved: "b→a", sent: ["with"] });
    await step(other.runtime, other.seen); // a → b, behind the first runtime's back
    // The remembered version is gone: the write matches nothing, then the read and the write.
    expect(await step(mine.runtime, mine.seen)).toEqual({ moved: "b→a", sent: ["with", "select", "with"] });
    const history = (await mine.runtime.getHistory(uuid)).reverse();
    expect(history.map((row) => `${row.fromState}→${row.toState}`)).toEqual(["a→b", "b→a", "a→b", "b→a"]);
    expect(await mine.runtime.getInstance(uuid)).toMatchObject({ currentState: "a", version: 4 });
    await Promise.all([mine.db.destroy(), other.db.destroy()]);
  });
});
