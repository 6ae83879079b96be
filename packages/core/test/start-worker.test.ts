import { afterEach, describe, expect, it, vi } from "vitest";
import { DurableExecutionNotSupportedError } from "../src/errors/durable.error.js";
import { InvalidArgumentError } from "../src/errors/workflow-error.js";
import { InMemoryCommandRegistry } from "../src/registry/in-memory-command-registry.js";
import { InMemoryDefinitionRegistry } from "../src/registry/in-memory-definition-registry.js";
import { WorkflowRuntime } from "../src/runtime/workflow-runtime.js";
import { createInMemoryPersistence } from "../src/testing/create-in-memory-persistence.js";
import { SimulatedClock } from "../src/testing/simulated-clock.js";
import { startWorker } from "../src/worker/start-worker.js";
import type { WorkerPassReport, WorkerRuntime } from "../src/worker/types.js";
import { createDurableHarness, deferred, until } from "./support/durable-harness.js";
import { ORDER_COMMANDS, orderWorkflow } from "./support/durable-workflows.js";

const emptyTimeouts = { processed: 0, rejected: 0, businessFailed: [], failed: [], parked: [] };
const emptyExecutions = {
  processed: 0,
  completed: [],
  progressed: [],
  retrying: [],
  parked: [],
  skipped: [],
  failed: [],
};

function fakeRuntime() {
  return {
    processExpiredWorkflows: vi.fn(async () => emptyTimeouts),
    processPendingExecutions: vi.fn(async () => emptyExecutions),
  } satisfies WorkerRuntime;
}

async function orderHarness() {
  const h = createDurableHarness({ definitions: [orderWorkflow] });
  for (const name of ORDER_COMMANDS) h.command(name);
  return h;
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("startWorker options", () => {
  it.each([
    [{}, "startWorker needs at least one of `timeouts` and `executions`"],
    [{ timeouts: false, executions: false }, "startWorker needs at least one of `timeouts` and `executions`"],
    [{ timeouts: true, intervalMs: 0 }, "intervalMs must be a positive integer, got 0"],
    [{ timeouts: true, intervalMs: 1.5 }, "intervalMs must be a positive integer, got 1.5"],
    [{ timeouts: { limit: -1 } }, "timeouts.limit must be a positive integer, got -1"],
    [{ executions: { limit: Number.NaN } }, "executions.limit must be a positive integer, got NaN"],
    [{ executions: "yes" }, "executions must be a boolean or an options object, got yes"],
  ])("rejects %j with a typed error and starts nothing", (options, message) => {
    vi.useFakeTimers();
    const runtime = fakeRuntime();
    const start = () => startWorker(runtime, options as never);
    expect(start).toThrow(InvalidArgumentError);
    expect(start).toThrow(message);
    expect(vi.getTimerCount()).toBe(0);
    expect(runtime.processExpiredWorkflows).not.toHaveBeenCalled();
  });
});

describe("startWorker scheduling", () => {
  it("runs a pass at once, then every interval, with each job's limit (default 100)", async () => {
    vi.useFakeTimers();
    const runtime = fakeRuntime();
    const worker = startWorker(runtime, { timeouts: { limit: 7 }, executions: true, intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(runtime.processExpiredWorkflows.mock.calls).toEqual([[{ limit: 7 }]]);
    expect(runtime.processPendingExecutions.mock.calls).toEqual([[{ limit: 100 }]]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(runtime.processExpiredWorkflows).toHaveBeenCalledTimes(3);
    expect(runtime.processPendingExecutions).toHaveBeenCalledTimes(3);
    await worker.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runtime.processExpiredWorkflows).toHaveBeenCalledTimes(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("with immediate: false waits one interval, and runs only the enabled job", async () => {
    vi.useFakeTimers();
    const runtime = fakeRuntime();
    const worker = startWorker(runtime, { executions: true, intervalMs: 500, immediate: false });
    await vi.advanceTimersByTimeAsync(499);
    expect(runtime.processPendingExecutions).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(runtime.processPendingExecutions).toHaveBeenCalledTimes(1);
    expect(runtime.processExpiredWorkflows).not.toHaveBeenCalled();
    await worker.stop();
  });

  it("never overlaps passes: ticks during a slow pass are skipped and runOnce joins the running pass", async () => {
    vi.useFakeTimers();
    const gate = deferred();
    const runtime = fakeRuntime();
    runtime.processExpiredWorkflows.mockImplementationOnce(async () => {
      await gate.promise;
      return { ...emptyTimeouts, processed: 3 };
    });
    const worker = startWorker(runtime, { timeouts: true, intervalMs: 100 });
    await vi.advanceTimersByTimeAsync(450);
    expect(runtime.processExpiredWorkflows).toHaveBeenCalledTimes(1);
    const joined = worker.runOnce();
    gate.resolve();
    expect((await joined).timeouts?.processed).toBe(3);
    await vi.advanceTimersByTimeAsync(100);
    expect(runtime.processExpiredWorkflows).toHaveBeenCalledTimes(2);
    await worker.stop();
  });

  it("reports a throwing job to onError, keeps the other job and keeps running", async () => {
    vi.useFakeTimers();
    const runtime = fakeRuntime();
    const failure = new Error("database unreachable");
    runtime.processExpiredWorkflows.mockRejectedValueOnce(failure);
    const onError = vi.fn();
    const passes: WorkerPassReport[] = [];
    const worker = startWorker(runtime, {
      timeouts: true,
      executions: true,
      intervalMs: 100,
      onError,
      onPass: (report) => passes.push(report),
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(onError.mock.calls).toEqual([[failure, { loop: "timeouts" }]]);
    expect(passes[0]).toEqual({
      executions: emptyExecutions,
      errors: [{ loop: "timeouts", error: failure }],
    });
    expect(passes[1]).toEqual({ timeouts: emptyTimeouts, executions: emptyExecutions, errors: [] });
    await worker.stop();
  });

  it("survives hooks that throw, and prints errors with console.error when no onError is given", async () => {
    vi.useFakeTimers();
    const printed = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const runtime = fakeRuntime();
    runtime.processPendingExecutions.mockRejectedValue(new Error("boom"));
    const worker = startWorker(runtime, {
      executions: true,
      intervalMs: 100,
      onPass: () => {
        throw new Error("hook bug");
      },
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(runtime.processPendingExecutions).toHaveBeenCalledTimes(2);
    expect(printed).toHaveBeenCalledWith("[duraflows] worker executions pass failed: boom");
    const report = await worker.runOnce();
    expect(report.errors).toHaveLength(1);
    await worker.stop();
  });

  it("stops when the signal aborts, and never starts with an aborted signal", async () => {
    vi.useFakeTimers();
    const runtime = fakeRuntime();
    const controller = new AbortController();
    const worker = startWorker(runtime, { timeouts: true, intervalMs: 100, signal: controller.signal });
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    await worker.stopped;
    expect(worker.running).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runtime.processExpiredWorkflows).toHaveBeenCalledTimes(1);

    const idle = fakeRuntime();
    const never = startWorker(idle, { timeouts: true, signal: AbortSignal.abort() });
    await never.stopped;
    expect(never.running).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(idle.processExpiredWorkflows).not.toHaveBeenCalled();
  });
});

describe("startWorker on a real runtime (in-memory stores)", () => {
  it("fires due timeouts and drives queued executions to completion", async () => {
    const h = await orderHarness();
    const expiring = await h.runtime.createInstance({ workflowName: "order" });
    const shipping = await h.runtime.createInstance({ workflowName: "order" });
    await h.runtime.enqueueEvent({
      workflowInstanceUuid: shipping.uuid,
      eventName: "Ship",
      idempotencyKey: "k",
    });
    h.clock.advanceMinutes(6);
    const worker = startWorker(h.runtime, { timeouts: true, executions: true, intervalMs: 60_000 });
    // Ship needs several passes (reserve, charge, then the onEnter chain); drive them explicitly.
    for (let i = 0; i < 10; i++) await worker.runOnce();
    await worker.stop();
    expect((await h.runtime.getInstance(expiring.uuid))?.currentState).toBe("failed");
    expect((await h.runtime.getInstance(shipping.uuid))?.currentState).toBe("notified");
    expect(h.callsOf("reserve")).toHaveLength(1);
    expect(h.callsOf("audit")).toHaveLength(1);
  });

  it("stop() waits for the command in flight and leaves its execution checkpointed, not half done", async () => {
    const h = await orderHarness();
    const gate = deferred();
    h.behave("reserve", async () => {
      await gate.promise;
      return { ok: true };
    });
    const instance = await h.runtime.createInstance({ workflowName: "order" });
    const execution = await h.runtime.enqueueEvent({
      workflowInstanceUuid: instance.uuid,
      eventName: "Ship",
      idempotencyKey: "k",
    });
    const worker = startWorker(h.runtime, { executions: true, intervalMs: 60_000 });
    await until(() => h.callsOf("reserve").length === 1);
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    expect(worker.running).toBe(false);
    gate.resolve();
    await stopping;
    await worker.stopped;
    const saved = await h.runtime.getExecution(execution.uuid);
    expect(saved?.status).toBe("pending");
    expect(saved?.leaseToken).toBeNull();
    expect(saved?.journal.map((checkpoint) => checkpoint.name)).toEqual(["reserve"]);
    expect(h.callsOf("charge")).toHaveLength(0);
  });

  it("reports the missing execution store to onError on each pass", async () => {
    const runtime = new WorkflowRuntime({
      ...createInMemoryPersistence(),
      definitionRegistry: new InMemoryDefinitionRegistry(),
      commandRegistry: new InMemoryCommandRegistry(),
      clock: new SimulatedClock(),
    });
    const onError = vi.fn();
    const worker = startWorker(runtime, { executions: true, intervalMs: 60_000, onError });
    const report = await worker.runOnce();
    await worker.stop();
    expect(report.errors[0]?.error).toBeInstanceOf(DurableExecutionNotSupportedError);
    expect(onError).toHaveBeenCalledWith(expect.any(DurableExecutionNotSupportedError), {
      loop: "executions",
    });
  });
});
