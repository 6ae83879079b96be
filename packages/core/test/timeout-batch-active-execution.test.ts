import { describe, expect, it } from "vitest";
import { executionFixture } from "../src/testing/execution-fixture.js";
import { createDurableHarness } from "./support/durable-harness.js";
import { orderWorkflow } from "./support/durable-workflows.js";

/**
 * The batch sweep must not trust the scan's "no active execution" filter alone: on PostgreSQL it is evaluated
 * against the scan's snapshot, so an execution committed while the scan ran is missed although its row is
 * returned locked. Here the scan hands back a row whose instance gained an execution after the filter ran.
 */
async function sweepOverLateExecution(withCapability: boolean) {
  const h = createDurableHarness({ definitions: [orderWorkflow] });
  const store = h.executionStore;
  if (!withCapability) {
    // Shadows the optional method, so the sweep falls back to findActive per locked row.
    Object.defineProperty(store, "findActiveInstanceUuids", { value: undefined });
  }
  const idle = await h.runtime.createInstance({ workflowName: "order" });
  const busy = await h.runtime.createInstance({ workflowName: "order" });
  const instances = h.persistence.instanceStore;
  const scan = instances.findExpired.bind(instances);
  const late = executionFixture({ workflowInstanceUuid: busy.uuid, workflowName: "order" });
  instances.findExpired = async (limit, now, options) => {
    const rows = await scan(limit, now, options);
    await store.create(late);
    return rows;
  };
  h.clock.advance(10 * 60_000);
  const result = await h.runtime.processExpiredWorkflows();
  return { h, idle, busy, late, result };
}

describe("batch timeout sweep over an execution accepted during its scan", () => {
  it.each([
    ["with findActiveInstanceUuids", true],
    ["falling back to findActive", false],
  ])("skips that instance (%s) and moves the others", async (_label, withCapability) => {
    const { h, idle, busy, late, result } = await sweepOverLateExecution(withCapability);
    expect(result).toMatchObject({ processed: 1, failed: [] });
    expect((await h.runtime.getInstance(idle.uuid))!.currentState).toBe("failed");
    const untouched = (await h.runtime.getInstance(busy.uuid))!;
    expect([untouched.currentState, untouched.version]).toEqual(["new", busy.version]);
    expect(await h.executionStore.findActive(busy.uuid)).toEqual(late);
  });
});
