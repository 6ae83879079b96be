import { expect, it } from "./vitest-api.js";
import type { DurableWorkflowExecution } from "../model/durable-execution.js";
import type { ExecutionStoreConformanceSetup } from "./execution-store-conformance-setup.js";

/**
 * The `countInstancesUsingDefinition` case of the execution-store kit (skipped, with the reason printed, when
 * the store does not implement the optional method).
 *
 * @internal
 */
export function countInstancesUsingDefinitionCase(
  label: string,
  getEnv: () => ExecutionStoreConformanceSetup,
  insert: (overrides?: Partial<DurableWorkflowExecution>) => Promise<DurableWorkflowExecution>,
): void {
  it("countInstancesUsingDefinition counts stamped instances and active executions once each", async (ctx) => {
    if (typeof getEnv().store.countInstancesUsingDefinition !== "function") {
      console.info(`[${label}] countInstancesUsingDefinition is not implemented; case skipped`);
      ctx.skip();
      return;
    }
    const wf = "counted";
    const make = (definitionVersion: number | null, currentState: string, workflowName = wf) =>
      getEnv().createInstance({ workflowName, definitionVersion, currentState });
    await make(1, "open");
    await make(1, "done");
    const unversionedCapture = await make(2, "open");
    await insert({
      workflowInstanceUuid: unversionedCapture,
      workflowName: wf,
      definition: definitionOf(wf),
    });
    const both = await make(1, "open");
    await insert({
      workflowInstanceUuid: both,
      workflowName: wf,
      definition: definitionOf(wf, 1),
      status: "parked",
    });
    const excludedButActive = await make(1, "done");
    await insert({
      workflowInstanceUuid: excludedButActive,
      workflowName: wf,
      definition: definitionOf(wf, 1),
      status: "running",
    });
    const finished = await make(2, "open");
    await insert({
      workflowInstanceUuid: finished,
      workflowName: wf,
      definition: definitionOf(wf, 1),
      status: "completed",
    });
    const otherVersion = await make(1, "open");
    await insert({ workflowInstanceUuid: otherVersion, workflowName: wf, definition: definitionOf(wf, 3) });
    await make(1, "open", "other-workflow");
    await make(null, "open");
    const count = (definitionVersion: number, excludeStates: string[]) =>
      getEnv().store.countInstancesUsingDefinition!({ workflowName: wf, definitionVersion, excludeStates });
    expect(await count(1, ["done"])).toBe(5);
    expect(await count(1, [])).toBe(6);
    expect(await count(2, ["done"])).toBe(2);
    expect(await count(3, [])).toBe(1);
    expect(await count(4, [])).toBe(0);
  });
}

function definitionOf(name: string, version?: number): DurableWorkflowExecution["definition"] {
  const definition: DurableWorkflowExecution["definition"] = {
    name,
    initialState: "open",
    states: { open: { events: { Close: { targetState: "done" } } }, done: {} },
  };
  if (version !== undefined) definition.version = version;
  return definition;
}
