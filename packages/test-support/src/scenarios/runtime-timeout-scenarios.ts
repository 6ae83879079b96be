import type { WorkflowDefinition } from "@duraflows/core";
import { expect, it } from "vitest";
import type { ScenarioContext } from "./runtime-scenario-kit.js";

const MINUTE = 60_000;

const reminder: WorkflowDefinition = {
  name: "scenario-reminder",
  initialState: "waiting",
  states: {
    waiting: {
      events: {
        Remind: { targetState: "reminded", commands: [{ name: "remind" }], timeout: { afterDays: 14 } },
      },
    },
    gated: {
      events: {
        Escalate: { guard: { name: "never" }, targetState: "reminded", timeout: { afterMinutes: 5 } },
      },
    },
    reminded: {},
  },
};

/** Timeout sweeps, retry backoff, parking and re-arming, end to end. */
export function registerTimeoutScenarios(scenarios: ScenarioContext): void {
  it("jumps 14 days and sweeps the due timeout in its own transaction", async () => {
    const { runtime, clock, events } = scenarios.build({ definitions: [reminder], commands: ["remind"] });
    const due = await runtime.createInstance({ workflowName: "scenario-reminder" });
    clock.advanceDays(7);
    const later = await runtime.createInstance({ workflowName: "scenario-reminder" });
    clock.advanceDays(7);
    clock.advanceMinutes(1);
    const result = await runtime.processExpiredWorkflows();
    expect(result).toEqual({ processed: 1, rejected: 0, businessFailed: [], failed: [], parked: [] });
    expect(await runtime.getInstance(due.uuid)).toMatchObject({ currentState: "reminded", expiresAt: null });
    expect((await runtime.getInstance(later.uuid))?.currentState).toBe("waiting");
    const [row] = await runtime.getHistory(due.uuid);
    expect(row).toMatchObject({ eventName: "Remind", triggerMetadata: { source: "timeout" } });
    expect(events.filter((e) => e.triggerEvent === "Remind").map((e) => e.instanceUuid)).toEqual([due.uuid]);
  });

  it("retries a failing timeout with backoff, succeeds on the third sweep, and parks/re-arms an always-failing one", async () => {
    const { runtime, clock, behave } = scenarios.build({
      definitions: [reminder],
      commands: ["remind"],
      runtime: { timeoutRetry: { initialDelayMs: MINUTE, maxDelayMs: 10 * MINUTE, maxAttempts: 3 } },
    });
    let failures = 2;
    behave("remind", () => {
      if (failures-- > 0) throw new Error("mail server down");
      return { ok: true };
    });
    const flaky = await runtime.createInstance({ workflowName: "scenario-reminder" });
    clock.advanceDays(15);
    const first = await runtime.processExpiredWorkflows();
    expect(first.failed).toEqual([
      {
        uuid: flaky.uuid,
        error: "mail server down",
        attempts: 1,
        retryAt: new Date(clock.now().getTime() + MINUTE),
      },
    ]);
    clock.advance(MINUTE + 1);
    expect((await runtime.processExpiredWorkflows()).failed[0]).toMatchObject({ attempts: 2 });
    clock.advance(2 * MINUTE + 1);
    expect(await runtime.processExpiredWorkflows()).toMatchObject({ processed: 1, failed: [] });
    expect(await runtime.getInstance(flaky.uuid)).toMatchObject({
      currentState: "reminded",
      timeoutRetry: null,
    });
    expect(await runtime.getHistory(flaky.uuid)).toHaveLength(1);

    behave("remind", () => {
      throw new Error("permanently down");
    });
    const doomed = await runtime.createInstance({ workflowName: "scenario-reminder" });
    clock.advanceDays(15);
    for (let sweep = 0; sweep < 3; sweep++) {
      const result = await runtime.processExpiredWorkflows();
      if (sweep === 2) expect(result.parked).toEqual([{ uuid: doomed.uuid, error: "permanently down" }]);
      clock.advance(10 * MINUTE + 1);
    }
    expect(
      (await runtime.findParkedTimeouts({ workflowName: "scenario-reminder" })).map((i) => i.uuid),
    ).toEqual([doomed.uuid]);
    expect(await runtime.processExpiredWorkflows()).toMatchObject({ processed: 0, failed: [] });
    expect((await runtime.rearmTimeout(doomed.uuid)).timeoutRetry).toBeNull();
    behave("remind", () => ({ ok: true }));
    expect(await runtime.processExpiredWorkflows()).toMatchObject({ processed: 1 });
  });

  it("rearmTimeout records who rearmed in a $rearmed row only when given trigger metadata and something changed", async () => {
    const { runtime, clock, behave, events } = scenarios.build({
      definitions: [reminder],
      commands: ["remind"],
      runtime: { timeoutRetry: { maxAttempts: 1 } },
    });
    behave("remind", () => {
      throw new Error("down");
    });
    const created = await runtime.createInstance({ workflowName: "scenario-reminder" });
    const actor = { triggerMetadata: { actor: "ops", source: "spoofed" } };
    // Nothing to rearm: no write, no row.
    expect((await runtime.rearmTimeout(created.uuid, actor)).version).toBe(0);
    expect(await runtime.getHistory(created.uuid)).toEqual([]);
    await expect(
      runtime.rearmTimeout(created.uuid, { triggerMetadata: ["not", "an", "object"] as never }),
    ).rejects.toThrow("triggerMetadata must be a plain object");
    clock.advanceDays(15);
    expect((await runtime.processExpiredWorkflows()).parked).toHaveLength(1);
    // The one-argument form writes no history, as it always did.
    expect((await runtime.rearmTimeout(created.uuid)).version).toBe(2);
    expect(await runtime.getHistory(created.uuid)).toEqual([]);
    expect((await runtime.processExpiredWorkflows()).parked).toHaveLength(1);
    const entered = events.length;
    const rearmed = await runtime.rearmTimeout(created.uuid, actor);
    expect(rearmed).toMatchObject({ timeoutRetry: null, version: 4 });
    expect(await runtime.getInstance(created.uuid)).toMatchObject({ timeoutRetry: null, version: 4 });
    const history = await runtime.getHistory(created.uuid);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      eventName: "$rearmed",
      fromState: "waiting",
      toState: "waiting",
      outcome: "success",
      commandResultsJson: [],
      triggerMetadata: { actor: "ops", source: "rearmTimeout" },
      definitionVersion: rearmed.definitionVersion,
    });
    expect(events.length).toBe(entered);
  });

  it("a guard-rejected timeout clears its deadline", async () => {
    const { runtime, clock } = scenarios.build({
      definitions: [{ ...reminder, initialState: "gated" }],
      commands: ["remind"],
      guards: { never: () => false },
    });
    const created = await runtime.createInstance({ workflowName: "scenario-reminder" });
    clock.advanceMinutes(6);
    expect(await runtime.processExpiredWorkflows()).toMatchObject({ processed: 0, rejected: 1 });
    expect(await runtime.getInstance(created.uuid)).toMatchObject({
      currentState: "gated",
      expiresAt: null,
      version: 1,
    });
    expect((await runtime.getHistory(created.uuid))[0]).toMatchObject({
      outcome: "guard-rejected",
      rejectedBy: "never",
    });
  });
}
