import {
  IdempotencyConflictError,
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  InMemoryGuardRegistry,
  InvalidArgumentError,
  WorkflowInstanceBusyError,
  WorkflowRuntime,
  type CommandResult,
  type DurableExecutionOptions,
  type WorkflowDefinition,
  type WorkflowExecutionContext,
  type WorkflowPersistenceProvider,
  type WorkflowRuntimeOptions,
} from "@duraflows/core";
import { SimulatedClock } from "@duraflows/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerDurableStorageScenarios } from "./durable-storage-scenarios.js";

/** Harness of {@link runDurableScenarios}: a fresh provider (with an `executionStore`) per scenario. */
export interface DurableScenarioHarness {
  setup(): Promise<{ provider: WorkflowPersistenceProvider; teardown(): Promise<void> }>;
  /** Runtime options every scenario's runtime gets (a scenario's own options win), e.g. an opt-in mode. */
  runtimeOptions?: Partial<WorkflowRuntimeOptions>;
}

type Behaviour = (subject: unknown, ctx: WorkflowExecutionContext) => CommandResult | Promise<CommandResult>;

const shipment: WorkflowDefinition = {
  name: "durable-shipment",
  initialState: "new",
  states: {
    new: {
      events: {
        Ship: {
          targetState: "shipped",
          errorState: "failed",
          commands: [{ name: "reserve" }, { name: "charge" }],
        },
        Approve: { guard: { name: "approved" }, targetState: "shipped" },
        Poke: { commands: [{ name: "touch" }] },
        Book: { commands: [{ name: "touch", transactional: true }] },
        Expire: { targetState: "failed", timeout: { afterMinutes: 1 } },
      },
    },
    shipped: {
      context: { stage: "shipped" },
      onEnter: { targetState: "done", commands: [{ name: "notify" }] },
    },
    done: {},
    failed: {},
  },
};

function build(provider: WorkflowPersistenceProvider, durableExecution?: DurableExecutionOptions) {
  const clock = new SimulatedClock(new Date("2030-01-01T00:00:00.000Z"));
  const definitionRegistry = new InMemoryDefinitionRegistry();
  definitionRegistry.register(shipment);
  const commandRegistry = new InMemoryCommandRegistry();
  const behaviours = new Map<string, Behaviour>();
  const calls: { name: string; ctx: WorkflowExecutionContext }[] = [];
  for (const name of ["reserve", "charge", "notify", "touch"]) {
    behaviours.set(name, () => ({ ok: true }));
    commandRegistry.register(name, {
      execute: (subject, ctx) => {
        calls.push({ name, ctx });
        return behaviours.get(name)!(subject, ctx);
      },
    });
  }
  const guard = { allow: true };
  const guardRegistry = new InMemoryGuardRegistry();
  guardRegistry.register("approved", { name: "approved", evaluate: () => guard.allow });
  const runtime = () =>
    new WorkflowRuntime({
      ...provider,
      definitionRegistry,
      commandRegistry,
      guardRegistry,
      clock,
      durableExecution,
    });
  return { clock, calls, behaviours, guard, a: runtime(), b: runtime() };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i++)
    await new Promise<void>((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error("condition never became true");
}

/**
 * Adapter-independent durable-execution scenarios run against a real provider: queued runs
 * with checkpoints, replays and conflicts, occupancy, retries and parking, retry/cancel, lease takeover,
 * racing workers, guards, transactional commands and timeout sweeps skipping occupied instances; plus the
 * storage scenarios of {@link registerDurableStorageScenarios} (sanitised diagnostics, version usage counts).
 */
export function runDurableScenarios(label: string, harness: DurableScenarioHarness): void {
  describe(`durable execution scenarios: ${label}`, () => {
    let provider: WorkflowPersistenceProvider;
    let teardown: () => Promise<void>;

    beforeEach(async () => {
      ({ provider, teardown } = await harness.setup());
      // The runtime takes the provider's members and its options from one object (build spreads it).
      provider = { ...provider, ...harness.runtimeOptions };
      if (!provider.executionStore)
        throw new Error("runDurableScenarios needs a provider with an executionStore");
    });
    afterEach(async () => {
      await teardown();
    });

    it("runs a queued event one checkpoint at a time and applies it only at the end", async () => {
      const env = build(provider);
      env.behaviours.set("reserve", (_s, ctx) => ((ctx.context.reserved = true), { ok: true }));
      const { uuid } = await env.a.createInstance({ workflowName: shipment.name });
      const execution = await env.a.enqueueEvent({
        workflowInstanceUuid: uuid,
        eventName: "Ship",
        idempotencyKey: "k",
        subject: { n: 1 },
      });
      expect(await env.a.getExecution(execution.uuid)).toEqual(execution);
      for (const expected of ["progressed", "progressed", "completed"] as const) {
        expect(await env.a.getHistory(uuid)).toEqual([]);
        expect((await env.a.getInstance(uuid))!.version).toBe(0);
        const result = await env.a.processPendingExecutions();
        expect(result[expected]).toEqual([execution.uuid]);
      }
      const done = (await env.a.getExecution(execution.uuid))!;
      expect(done).toMatchObject({ status: "completed", revision: 6, subject: { n: 1 } });
      expect(done.journal.map((c) => [c.id, c.name])).toEqual([
        ["0", "reserve"],
        ["1", "charge"],
        ["2", "notify"],
      ]);
      expect(done.result).toMatchObject({ outcome: "success", fromState: "new", toState: "done" });
      const instance = (await env.a.getInstance(uuid))!;
      expect([instance.currentState, instance.version, instance.context]).toEqual([
        "done",
        2,
        { reserved: true, stage: "shipped" },
      ]);
      expect((await env.a.getHistory(uuid)).map((r) => r.eventName).sort()).toEqual(["Ship", "onEnter"]);
    });

    it("replays known keys, rejects conflicting ones and keeps the instance occupied", async () => {
      const env = build(provider);
      const { uuid } = await env.a.createInstance({ workflowName: shipment.name });
      const input = {
        workflowInstanceUuid: uuid,
        eventName: "Ship",
        idempotencyKey: "k",
        idempotencyFingerprint: "f",
      };
      const first = await env.a.enqueueEvent(input);
      expect(await env.a.enqueueEvent(input)).toEqual(first);
      await expect(env.a.enqueueEvent({ ...input, idempotencyFingerprint: "g" })).rejects.toThrow(
        IdempotencyConflictError,
      );
      await expect(env.a.enqueueEvent({ ...input, idempotencyKey: "other" })).rejects.toThrow(
        WorkflowInstanceBusyError,
      );
      await expect(env.a.triggerEvent({ workflowInstanceUuid: uuid, eventName: "Ship" })).rejects.toThrow(
        WorkflowInstanceBusyError,
      );
      env.clock.advanceMinutes(5);
      const sweep = await env.a.processExpiredWorkflows();
      expect(sweep.processed + sweep.failed.length).toBe(0);
      const cancelled = await env.a.cancelExecution(first.uuid);
      expect(cancelled.status).toBe("cancelled");
      expect(await env.a.enqueueEvent(input)).toEqual(cancelled);
      expect((await env.a.processExpiredWorkflows()).processed).toBe(1);
    });

    it("backs off, parks at the attempt limit and resumes after retryExecution", async () => {
      const env = build(provider, { initialDelayMs: 1000, maxDelayMs: 1500, maxAttempts: 2 });
      env.behaviours.set("touch", () => {
        throw new Error("down");
      });
      const { uuid } = await env.a.createInstance({ workflowName: shipment.name });
      const execution = await env.a.enqueueEvent({
        workflowInstanceUuid: uuid,
        eventName: "Poke",
        idempotencyKey: "k",
      });
      expect((await env.a.processPendingExecutions()).retrying).toEqual([execution.uuid]);
      const waiting = (await env.a.getExecution(execution.uuid))!;
      expect(waiting).toMatchObject({
        status: "pending",
        attempts: 1,
        lastError: "down",
        availableAt: "2030-01-01T00:00:01.000Z",
      });
      env.clock.advance(1000);
      expect((await env.a.processPendingExecutions()).parked).toEqual([execution.uuid]);
      await expect(env.a.cancelExecution("00000000-0000-4000-8000-000000000000")).rejects.toThrow(
        InvalidArgumentError,
      );
      env.behaviours.set("touch", () => ({ ok: true }));
      expect((await env.a.retryExecution(execution.uuid)).status).toBe("pending");
      expect((await env.a.processPendingExecutions()).completed).toEqual([execution.uuid]);
    });

    it("retry and cancel record who did it in $retried/$cancelled rows only when given trigger metadata", async () => {
      const env = build(provider, { maxAttempts: 1 });
      env.behaviours.set("touch", () => {
        throw new Error("down");
      });
      const { uuid } = await env.a.createInstance({ workflowName: shipment.name });
      const execution = await env.a.enqueueEvent({
        workflowInstanceUuid: uuid,
        eventName: "Poke",
        idempotencyKey: "k",
      });
      expect((await env.a.processPendingExecutions()).parked).toEqual([execution.uuid]);
      // The one-argument form writes no history, as it always did.
      expect((await env.a.retryExecution(execution.uuid)).status).toBe("pending");
      expect(await env.a.getHistory(uuid)).toEqual([]);
      expect((await env.a.processPendingExecutions()).parked).toEqual([execution.uuid]);
      await expect(env.a.retryExecution(execution.uuid, { triggerMetadata: 5 as never })).rejects.toThrow(
        "triggerMetadata must be a plain object",
      );
      const retried = await env.a.retryExecution(execution.uuid, {
        triggerMetadata: { actor: "ops", executionUuid: "spoofed" },
      });
      expect(retried).toMatchObject({ status: "pending", attempts: 0 });
      const instance = (await env.a.getInstance(uuid))!;
      expect(instance.version).toBe(0);
      const [row] = await env.a.getHistory(uuid);
      expect(row).toMatchObject({
        eventName: "$retried",
        fromState: "new",
        toState: "new",
        outcome: "success",
        commandResultsJson: [],
        triggerMetadata: { actor: "ops", source: "retryExecution", executionUuid: execution.uuid },
        definitionVersion: instance.definitionVersion,
      });
      // A refused action rolls its row back with it.
      await expect(
        env.a.retryExecution(execution.uuid, { triggerMetadata: { actor: "ops" } }),
      ).rejects.toThrow("Only parked executions can be retried");
      expect(await env.a.getHistory(uuid)).toHaveLength(1);
      const cancelled = await env.a.cancelExecution(execution.uuid, { triggerMetadata: { actor: "lead" } });
      expect(cancelled.status).toBe("cancelled");
      const history = await env.a.getHistory(uuid);
      expect(history.map((r) => [r.eventName, r.triggerMetadata])).toEqual([
        ["$cancelled", { actor: "lead", source: "cancelExecution", executionUuid: execution.uuid }],
        ["$retried", { actor: "ops", source: "retryExecution", executionUuid: execution.uuid }],
      ]);
      await expect(
        env.a.cancelExecution(execution.uuid, { triggerMetadata: { actor: "lead" } }),
      ).rejects.toThrow("Cannot cancel a completed or actively leased execution");
      expect(await env.a.getHistory(uuid)).toHaveLength(2);
    });

    it("hands an expired lease to another worker; the first one reports skipped", async () => {
      const env = build(provider, { leaseDurationMs: 1000 });
      let release!: (result: CommandResult) => void;
      env.behaviours.set("touch", (_s, ctx) =>
        ctx.durable!.attempt === 1
          ? new Promise<CommandResult>((resolve) => (release = resolve))
          : { ok: true },
      );
      const { uuid } = await env.a.createInstance({ workflowName: shipment.name });
      const execution = await env.a.enqueueEvent({
        workflowInstanceUuid: uuid,
        eventName: "Poke",
        idempotencyKey: "k",
      });
      const slow = env.a.processPendingExecutions();
      await until(() => env.calls.length === 1);
      env.clock.advance(1000);
      expect((await env.b.processPendingExecutions()).completed).toEqual([execution.uuid]);
      release({ ok: true });
      expect((await slow).skipped).toEqual([execution.uuid]);
      expect((await env.a.getExecution(execution.uuid))!.journal).toHaveLength(1);
    });

    it("never runs one execution twice when workers race", async () => {
      const env = build(provider);
      const executions: string[] = [];
      for (let i = 0; i < 4; i++) {
        const { uuid } = await env.a.createInstance({ workflowName: shipment.name });
        executions.push(
          (await env.a.enqueueEvent({ workflowInstanceUuid: uuid, eventName: "Poke", idempotencyKey: "k" }))
            .uuid,
        );
      }
      const [first, second] = await Promise.all([
        env.a.processPendingExecutions(),
        env.b.processPendingExecutions(),
      ]);
      expect([...first.completed, ...second.completed].sort()).toEqual([...executions].sort());
      expect(env.calls.filter((c) => c.name === "touch")).toHaveLength(4);
    });

    it("completes a guard rejection at acceptance and runs transactional commands inside a transaction", async () => {
      const env = build(provider);
      const { uuid } = await env.a.createInstance({ workflowName: shipment.name });
      env.guard.allow = false;
      const rejected = await env.a.enqueueEvent({
        workflowInstanceUuid: uuid,
        eventName: "Approve",
        idempotencyKey: "g",
      });
      expect(rejected).toMatchObject({
        status: "completed",
        rejectedBy: "approved",
        result: { outcome: "guard-rejected" },
      });
      expect((await env.a.getHistory(uuid))[0]).toMatchObject({
        outcome: "guard-rejected",
        rejectedBy: "approved",
      });
      let inside: boolean | undefined;
      env.behaviours.set(
        "touch",
        () => ((inside = provider.transactionRunner.isTransactionActive?.()), { ok: true }),
      );
      await env.a.enqueueEvent({ workflowInstanceUuid: uuid, eventName: "Book", idempotencyKey: "b" });
      await env.a.processPendingExecutions();
      expect(inside).toBe(true);
      await env.a.enqueueEvent({ workflowInstanceUuid: uuid, eventName: "Poke", idempotencyKey: "p" });
      await env.a.processPendingExecutions();
      expect(inside).toBe(false);
    });

    registerDurableStorageScenarios(() => provider);
  });
}
