import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowRuntime,
  type WorkflowDefinition,
  type WorkflowPersistenceProvider,
} from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import { expect, it } from "vitest";

const versioned = (version: number): WorkflowDefinition => ({
  name: "durable-storage",
  version,
  initialState: "new",
  states: {
    new: {
      events: {
        Poke: { commands: [{ name: "audit" }, { name: "touch" }] },
        Finish: { targetState: "done" },
        ...(version > 1 ? { Hold: { targetState: "held" } } : {}),
      },
    },
    ...(version > 1 ? { held: { events: { Finish: { targetState: "done" } } } } : {}),
    done: {},
  },
});

/** Text a real database refuses inside `jsonb`: a NUL and an unpaired surrogate. */
const HOSTILE = "bad\u0000byte \ud800 end";

function build(provider: WorkflowPersistenceProvider, version: number) {
  const clock = new SimulatedClock(new Date("2030-01-01T00:00:00.000Z"));
  const definitionRegistry = new InMemoryDefinitionRegistry();
  definitionRegistry.register(versioned(version));
  const commandRegistry = new InMemoryCommandRegistry();
  const behaviour = { touchFails: false };
  commandRegistry.register("audit", {
    bestEffort: true,
    execute: () => {
      throw new Error(HOSTILE);
    },
  });
  commandRegistry.register("touch", {
    execute: () => {
      if (behaviour.touchFails) throw new Error(HOSTILE);
      return { ok: true };
    },
  });
  const runtime = new WorkflowRuntime({
    ...provider,
    definitionRegistry,
    commandRegistry,
    clock,
    durableExecution: { initialDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 3 },
  });
  return { runtime, behaviour };
}

/**
 * Durable scenarios about what reaches the database: diagnostics are sanitised before they
 * are stored (PostgreSQL `jsonb` rejects NUL and unpaired surrogates with a raw driver error), and version
 * usage is counted from committed rows of other transactions, each instance once. Registered inside
 * `runDurableScenarios`.
 */
export function registerDurableStorageScenarios(provider: () => WorkflowPersistenceProvider): void {
  it("stores sanitised best-effort and retry diagnostics, which a real jsonb column accepts", async () => {
    const { runtime, behaviour } = build(provider(), 1);
    const { uuid } = await runtime.createInstance({ workflowName: "durable-storage" });
    const execution = await runtime.enqueueEvent({
      workflowInstanceUuid: uuid,
      eventName: "Poke",
      idempotencyKey: "k",
    });
    behaviour.touchFails = true;
    expect((await runtime.processPendingExecutions()).progressed).toEqual([execution.uuid]);
    expect((await runtime.processPendingExecutions()).retrying).toEqual([execution.uuid]);
    const stored = (await runtime.getExecution(execution.uuid))!;
    const sanitised = "bad\uFFFDbyte \uFFFD end";
    expect(stored.journal[0].result).toMatchObject({
      ok: false,
      code: "BEST_EFFORT_THROWN",
      message: sanitised,
    });
    expect(stored.lastError).toBe(sanitised);
  });

  it("counts version usage from committed rows: stamped and queued instances once each, terminal ones not", async () => {
    const first = build(provider(), 1).runtime;
    const queued = await first.createInstance({ workflowName: "durable-storage" });
    const finished = await first.createInstance({ workflowName: "durable-storage" });
    await first.triggerEvent({ workflowInstanceUuid: finished.uuid, eventName: "Finish" });
    await first.enqueueEvent({ workflowInstanceUuid: queued.uuid, eventName: "Poke", idempotencyKey: "k" });
    // Another runtime (version 2 registered) reads what the first one committed in its own transactions.
    const second = build(provider(), 2).runtime;
    await second.createInstance({ workflowName: "durable-storage" });
    const usage = async () =>
      (await second.listDefinitionVersions("durable-storage")).map((v) => [v.version, v.activeInstances]);
    expect(await usage()).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect((await first.processPendingExecutions()).progressed).toHaveLength(1);
    await first.processPendingExecutions();
    await first.triggerEvent({ workflowInstanceUuid: queued.uuid, eventName: "Finish" });
    expect(await usage()).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });
}
