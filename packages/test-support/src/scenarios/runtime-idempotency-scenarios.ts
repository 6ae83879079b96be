import { IdempotencyConflictError, type WorkflowDefinition } from "@duraflows/core";
import { expect, it } from "vitest";
import type { ScenarioContext } from "./runtime-scenario-kit.js";

const wallet: WorkflowDefinition = {
  name: "scenario-wallet",
  initialState: "open",
  states: {
    open: {
      events: {
        Credit: { commands: [{ name: "credit" }] },
        Close: { targetState: "closed" },
      },
    },
    closed: {},
  },
};

/** Keyed `triggerEvent` receipts, end to end (skipped without an idempotency store). */
export function registerIdempotencyScenarios(scenarios: ScenarioContext): void {
  const skipReason = "skipped: provider has no idempotencyStore";

  it("fires a keyed event once under 20 concurrent calls and replays the JSON-normalised result (skipped without an idempotency store)", async (ctx) => {
    if (!scenarios.provider().idempotencyStore) return ctx.skip(skipReason);
    const { runtime, calls, behave } = scenarios.build({ definitions: [wallet], commands: ["credit"] });
    behave("credit", () => ({ ok: true, metadata: { at: new Date(0) } }));
    const created = await runtime.createInstance({ workflowName: "scenario-wallet" });
    const input = { workflowInstanceUuid: created.uuid, eventName: "Credit", idempotencyKey: "credit-1" };
    const results = await Promise.all(Array.from({ length: 20 }, () => runtime.triggerEvent({ ...input })));
    expect(calls).toEqual(["credit"]);
    // Structural equality: jsonb may return the stored receipt's keys in another order than the first call.
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0].commandResults[0].metadata).toEqual({ at: "1970-01-01T00:00:00.000Z" });
    expect(await runtime.getHistory(created.uuid)).toHaveLength(1);
    await expect(runtime.triggerEvent({ ...input, eventName: "Close" })).rejects.toBeInstanceOf(
      IdempotencyConflictError,
    );
  });

  it("calls a result's toJSON exactly once per keyed call, also for the history row (skipped without an idempotency store)", async (ctx) => {
    if (!scenarios.provider().idempotencyStore) return ctx.skip(skipReason);
    const { runtime, behave } = scenarios.build({ definitions: [wallet], commands: ["credit"] });
    let toJsonCalls = 0;
    behave("credit", () => ({
      ok: true,
      metadata: {
        amount: {
          toJSON() {
            toJsonCalls += 1;
            return { cents: 250 };
          },
        },
      },
    }));
    const created = await runtime.createInstance({ workflowName: "scenario-wallet" });
    const input = { workflowInstanceUuid: created.uuid, eventName: "Credit", idempotencyKey: "credit-json" };
    const first = await runtime.triggerEvent(input);
    expect(toJsonCalls).toBe(1);
    first.commandResults[0].metadata!.amount = "tampered";
    const replay = await runtime.triggerEvent(input);
    expect(toJsonCalls).toBe(1);
    expect(replay.commandResults[0].metadata).toEqual({ amount: { cents: 250 } });
    const [row] = await runtime.getHistory(created.uuid);
    expect(row.commandResultsJson[0].metadata).toEqual({ amount: { cents: 250 } });
  });

  it("receipts roll back with the caller's transaction (skipped without an idempotency store)", async (ctx) => {
    const provider = scenarios.provider();
    if (!provider.idempotencyStore) return ctx.skip(skipReason);
    const { runtime, calls } = scenarios.build({ definitions: [wallet], commands: ["credit"] });
    const created = await runtime.createInstance({ workflowName: "scenario-wallet" });
    const input = { workflowInstanceUuid: created.uuid, eventName: "Credit", idempotencyKey: "credit-2" };
    await expect(
      provider.transactionRunner.runInTransaction(async () => {
        await runtime.triggerEvent(input);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    await runtime.triggerEvent(input);
    await runtime.triggerEvent(input);
    expect(calls).toEqual(["credit", "credit"]);
    expect(await runtime.getHistory(created.uuid)).toHaveLength(1);
  });
}
