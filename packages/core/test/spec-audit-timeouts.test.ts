import { describe, expect, it, vi } from "vitest";
import type { WorkflowDefinition, WorkflowInstance, WorkflowInstanceStore } from "@duraflows/core";
import { createFixture, throwingCommand } from "./support/runtime-fixture.js";

const flow: WorkflowDefinition = {
  name: "sweep-scan",
  initialState: "waiting",
  states: {
    waiting: { events: { Expire: { targetState: "expired", timeout: { afterMinutes: 5 } } } },
    expired: {},
  },
};

async function scanArguments(durableExecution: boolean): Promise<unknown[][]> {
  const fixture = createFixture({ definitions: [flow], persistence: { durableExecution } });
  await fixture.runtime.createInstance({ workflowName: "sweep-scan" });
  const findExpired = vi.spyOn(fixture.persistence.instanceStore, "findExpired");
  fixture.clock.advanceMinutes(10);
  const result = await fixture.runtime.processExpiredWorkflows({ limit: 7 });
  expect(result.processed).toBe(1);
  return findExpired.mock.calls;
}

describe("timeout sweep scan", () => {
  it("calls findExpired(limit, now) with two arguments without an execution store", async () => {
    const calls = await scanArguments(false);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(2);
    expect(calls[0][0]).toBe(7);
    expect(calls[0][1]).toBeInstanceOf(Date);
  });

  it("passes { excludeActiveExecutions: true } as third argument only with an execution store", async () => {
    const calls = await scanArguments(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(3);
    expect(calls[0][2]).toEqual({ excludeActiveExecutions: true });
  });
});

const failing: WorkflowDefinition = {
  name: "sweep-match",
  initialState: "waiting",
  states: {
    waiting: {
      events: {
        Expire: { targetState: "expired", commands: [{ name: "explode" }], timeout: { afterMinutes: 5 } },
      },
    },
    expired: {},
  },
};

type Drift = (row: WorkflowInstance) => WorkflowInstance;

const drifts: [string, Drift][] = [
  ["currentState", (row) => ({ ...row, currentState: "elsewhere" })],
  ["expiresAt", (row) => ({ ...row, expiresAt: new Date(row.expiresAt!.getTime() - 1000) })],
  [
    "timeoutRetry.attempts",
    (row) => ({
      ...row,
      timeoutRetry: { attempts: 4, lastError: "x", retryAt: row.expiresAt, parkedAt: null },
    }),
  ],
];

describe("timeout failure recording", () => {
  it.each(drifts)("records nothing when only %s differs from the scanned row", async (_field, drift) => {
    const base = createFixture({ definitions: [failing] });
    const inner = base.persistence.instanceStore;
    let locks = 0;
    let drifting = false;
    const instanceStore: WorkflowInstanceStore = {
      create: (instance) => inner.create(instance),
      findByUuid: (uuid) => inner.findByUuid(uuid),
      update: (instance) => inner.update(instance),
      findParkedTimeouts: (input) => inner.findParkedTimeouts(input),
      countInstances: (input) => inner.countInstances(input),
      findExpired: async (limit, now, options) => {
        drifting = true;
        return inner.findExpired(limit, now, options);
      },
      // The second lock after the scan is the recording transaction: hand it a row that differs from the
      // scanned one in a single field, version unchanged.
      lockByUuid: async (uuid) => {
        const row = await inner.lockByUuid(uuid);
        return drifting && ++locks === 2 && row ? drift(row) : row;
      },
    };
    const fixture = createFixture({
      definitions: [failing],
      commands: { explode: throwingCommand(new Error("boom")) },
      clock: base.clock,
      runtime: {
        instanceStore,
        historyStore: base.persistence.historyStore,
        transactionRunner: base.persistence.transactionRunner,
        definitionStore: base.persistence.definitionStore,
      },
    });
    const created = await fixture.runtime.createInstance({ workflowName: "sweep-match" });
    fixture.clock.advanceMinutes(10);
    const result = await fixture.runtime.processExpiredWorkflows();
    expect(result.failed).toEqual([{ uuid: created.uuid, error: "boom" }]);
    const after = (await inner.findByUuid(created.uuid))!;
    expect(after.timeoutRetry).toBeNull();
    expect(after.version).toBe(created.version);
  });
});
