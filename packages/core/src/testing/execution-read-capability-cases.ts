import { expect, it } from "./vitest-api.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type { ExecutionStoreConformanceSetup } from "./execution-store-conformance-setup.js";

/**
 * Cases of the optional execution reads (`summarizeExecutions`, `listExecutions`) of the execution-store kit,
 * each skipped with the reason printed when the store does not implement it.
 *
 * @internal
 */
export function executionReadCases(
  getEnv: () => ExecutionStoreConformanceSetup,
  insert: (overrides?: Partial<DurableWorkflowExecution>) => Promise<DurableWorkflowExecution>,
): void {
  const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1) + minutes * 60_000).toISOString();

  it("summarizeExecutions counts per status with the oldest createdAt (skipped when not implemented)", async (ctx) => {
    const store = getEnv().store;
    if (!store.summarizeExecutions) return ctx.skip("skipped: store does not implement summarizeExecutions");
    await insert({ status: "pending", createdAt: at(5) });
    await insert({ status: "pending", createdAt: at(2) });
    await insert({ status: "parked", createdAt: at(9) });
    await insert({ status: "completed", createdAt: at(1) });
    const summary = [...(await store.summarizeExecutions())].sort((a, b) => (a.status < b.status ? -1 : 1));
    expect(summary).toEqual([
      { status: "completed", count: 1, oldestCreatedAt: at(1) },
      { status: "parked", count: 1, oldestCreatedAt: at(9) },
      { status: "pending", count: 2, oldestCreatedAt: at(2) },
    ]);
  });

  it("listExecutions filters by status and instance and pages by keyset (skipped when not implemented)", async (ctx) => {
    const store = getEnv().store;
    if (!store.listExecutions) return ctx.skip("skipped: store does not implement listExecutions");
    const rows: DurableWorkflowExecution[] = [];
    for (const minutes of [3, 1, 3, 2])
      rows.push(await insert({ status: "parked", availableAt: at(minutes) }));
    const done = await insert({ status: "completed", availableAt: at(0) });
    const expected = rows
      .sort((a, b) => Date.parse(a.availableAt) - Date.parse(b.availableAt) || (a.uuid < b.uuid ? -1 : 1))
      .map((row) => row.uuid);
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await store.listExecutions({ status: "parked", limit: 3, after });
      expect(result.items.length).toBeLessThanOrEqual(3);
      seen.push(...result.items.map((row) => row.uuid));
      if (result.nextCursor === null) break;
      after = result.nextCursor;
    }
    expect(seen).toEqual(expected);
    const mine = await store.listExecutions({ workflowInstanceUuid: done.workflowInstanceUuid, limit: 5 });
    expect(mine).toEqual({ items: [done], nextCursor: null });
    await expect(store.listExecutions({ limit: 1, after: "x" })).rejects.toThrow("Invalid cursor");
  });
}
