import "reflect-metadata";
import { Logger } from "@nestjs/common";
import { Test } from "@nestjs/testing";
import { InvalidArgumentError, WorkflowError, type WorkflowRuntime } from "@duraflows/core";
import { createInMemoryPersistence, SimulatedClock } from "@duraflows/core/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WorkflowModule, WorkflowService } from "../../src/index.js";
import { WorkflowPollerService } from "../../src/workflow-poller.service.js";
import { orderWorkflow, cancellableGuard } from "../fixtures/order-workflow.js";
import { explicitOrderCommands } from "../support/order-commands.js";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const emptyTimeoutResult = { processed: 0, rejected: 0, businessFailed: [], failed: [], parked: [] };
const emptyDurableResult = {
  processed: 0,
  completed: [],
  progressed: [],
  retrying: [],
  parked: [],
  skipped: [],
  failed: [],
};

describe("WorkflowPollerService", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const fakeRuntime = () =>
    ({
      processExpiredWorkflows: vi.fn(async () => emptyTimeoutResult),
      processPendingExecutions: vi.fn(async () => emptyDurableResult),
    }) as unknown as WorkflowRuntime & {
      processExpiredWorkflows: ReturnType<typeof vi.fn>;
      processPendingExecutions: ReturnType<typeof vi.fn>;
    };

  it("is inert without poller options", async () => {
    const runtime = fakeRuntime();
    const service = new WorkflowPollerService(
      { workflows: [], persistence: createInMemoryPersistence() },
      runtime,
      null,
    );
    service.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runtime.processExpiredWorkflows).not.toHaveBeenCalled();
    expect(runtime.processPendingExecutions).not.toHaveBeenCalled();
  });

  const timeoutsOnly = (pollIntervalMs: number) => ({
    workflows: [],
    persistence: createInMemoryPersistence(),
    timeouts: { pollIntervalMs },
  });

  it("never overlaps: ticks during a running pass are skipped", async () => {
    const gate = deferred();
    const runtime = fakeRuntime();
    runtime.processExpiredWorkflows.mockImplementationOnce(async () => {
      await gate.promise;
      return emptyTimeoutResult;
    });
    const service = new WorkflowPollerService(timeoutsOnly(100), runtime, null);
    service.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(500);
    expect(runtime.processExpiredWorkflows).toHaveBeenCalledTimes(1);
    gate.resolve();
    await vi.advanceTimersByTimeAsync(100);
    expect(runtime.processExpiredWorkflows).toHaveBeenCalledTimes(2);
    await service.onModuleDestroy();
  });

  it("logs a failing pass with its stack and keeps polling", async () => {
    const error = vi.spyOn(Logger.prototype, "error").mockImplementation(() => undefined);
    const runtime = fakeRuntime();
    runtime.processExpiredWorkflows.mockRejectedValueOnce(new Error("db down"));
    const service = new WorkflowPollerService(timeoutsOnly(100), runtime, null);
    service.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(200);
    expect(error).toHaveBeenCalledWith("Timeout poll failed: db down", expect.any(String));
    expect(runtime.processExpiredWorkflows).toHaveBeenCalledTimes(2);
    await service.onModuleDestroy();
  });

  it("shutdown stops the timer and awaits the pass in flight", async () => {
    const gate = deferred();
    let finished = false;
    const runtime = fakeRuntime();
    runtime.processExpiredWorkflows.mockImplementationOnce(async () => {
      await gate.promise;
      finished = true;
      return emptyTimeoutResult;
    });
    const service = new WorkflowPollerService(timeoutsOnly(100), runtime, null);
    service.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(100);
    let stopped = false;
    const stopping = service.onApplicationShutdown().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runtime.processExpiredWorkflows).toHaveBeenCalledTimes(1);
  });

  it("polls timeouts and durable executions with their batch sizes (default 100)", async () => {
    const runtime = fakeRuntime();
    const options = {
      workflows: [],
      persistence: createInMemoryPersistence(),
      timeouts: { pollIntervalMs: 1000, batchSize: 25 },
      durableExecutions: { pollIntervalMs: 500 },
    };
    const service = new WorkflowPollerService(options, runtime, {} as never);
    service.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runtime.processExpiredWorkflows.mock.calls).toEqual([[{ limit: 25 }]]);
    expect(runtime.processPendingExecutions.mock.calls).toEqual([[{ limit: 100 }], [{ limit: 100 }]]);
    await service.onModuleDestroy();
    await service.onApplicationShutdown();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runtime.processExpiredWorkflows).toHaveBeenCalledTimes(1);
  });

  it("warns about failed and parked entries of a pass", async () => {
    const warn = vi.spyOn(Logger.prototype, "warn").mockImplementation(() => undefined);
    const runtime = fakeRuntime();
    runtime.processExpiredWorkflows.mockResolvedValue({
      ...emptyTimeoutResult,
      failed: [{ uuid: "u1", error: "boom", attempts: 1, retryAt: null }],
      parked: [{ uuid: "u2", error: "gave up" }],
    });
    const service = new WorkflowPollerService(
      { workflows: [], persistence: createInMemoryPersistence(), timeouts: { pollIntervalMs: 10 } },
      runtime,
      null,
    );
    await service.pollNow();
    expect(warn).toHaveBeenCalledWith("Timeout poll: 1 failed, 1 parked (u1: boom; u2: gave up)");
  });

  it.each([
    [{ timeouts: { pollIntervalMs: 0 } }, "timeouts.pollIntervalMs must be a positive integer, got 0"],
    [
      { timeouts: { pollIntervalMs: 10, batchSize: 1.5 } },
      "timeouts.batchSize must be a positive integer, got 1.5",
    ],
    [
      { durableExecutions: { pollIntervalMs: -1 } },
      "durableExecutions.pollIntervalMs must be a positive integer, got -1",
    ],
  ])("rejects invalid options %j", (extra, message) => {
    const build = () =>
      new WorkflowPollerService(
        { workflows: [], persistence: createInMemoryPersistence(), ...extra },
        fakeRuntime(),
        {} as never,
      );
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
  });

  it("rejects durable polling without an execution store", () => {
    expect(
      () =>
        new WorkflowPollerService(
          {
            workflows: [],
            persistence: createInMemoryPersistence(),
            durableExecutions: { pollIntervalMs: 10 },
          },
          fakeRuntime(),
          null,
        ),
    ).toThrow(
      new WorkflowError(
        "WorkflowModule: `durableExecutions` polling requires a persistence provider with an executionStore.",
      ),
    );
  });

  it("runs inside a Nest app: expires an instance after bootstrap and stops on close", async () => {
    const clock = new SimulatedClock();
    const persistence = createInMemoryPersistence();
    const module = await Test.createTestingModule({
      imports: [
        WorkflowModule.forRootAsync({
          useFactory: () => ({
            workflows: [orderWorkflow],
            guards: [cancellableGuard],
            persistence,
            clock,
            timeouts: { pollIntervalMs: 60_000 },
          }),
          commands: explicitOrderCommands,
        }),
      ],
    }).compile();
    const app = module.createNestApplication({ logger: false });
    await app.init();
    const workflows = app.get(WorkflowService);
    const first = await workflows.createInstance({ workflowName: "order" });
    clock.advanceDays(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await workflows.getInstance(first.uuid))?.currentState).toBe("expired");

    const second = await workflows.createInstance({ workflowName: "order" });
    clock.advanceDays(2);
    await app.close();
    await vi.advanceTimersByTimeAsync(120_000);
    expect((await persistence.instanceStore.findByUuid(second.uuid))?.currentState).toBe("new");
  });

  it("relays the outbox inside a Nest app, at once on a wake-up, and refuses the relay without an outbox store", async () => {
    expect(
      () =>
        new WorkflowPollerService(
          { workflows: [], persistence: createInMemoryPersistence(), outbox: { pollIntervalMs: 10 } },
          fakeRuntime(),
          null,
        ),
    ).toThrow("WorkflowModule: the `outbox` relay requires a persistence provider with an outboxStore");
    const persistence = createInMemoryPersistence({ outbox: true });
    const delivered: string[] = [];
    let wake: ((signal: { kind: "outbox" }) => void) | undefined;
    const module = await Test.createTestingModule({
      imports: [
        WorkflowModule.forRootAsync({
          useFactory: () => ({
            workflows: [orderWorkflow],
            guards: [cancellableGuard],
            persistence,
            observers: [
              { name: "audit", delivery: "outbox", onEnter: (event) => void delivered.push(event.eventId!) },
            ],
            outbox: { pollIntervalMs: 3_600_000 },
            wake: { subscribe: (listener) => ((wake = listener), () => (wake = undefined)) },
          }),
          commands: explicitOrderCommands,
        }),
      ],
    }).compile();
    const app = module.createNestApplication({ logger: false });
    await app.init();
    const workflows = app.get(WorkflowService);
    await workflows.createInstance({ workflowName: "order" });
    expect(delivered).toEqual([]);
    wake!({ kind: "outbox" });
    await vi.advanceTimersByTimeAsync(0);
    await vi.waitFor(() => expect(delivered).toHaveLength(1));
    const [row] = await persistence.transactionRunner.runInTransaction(() =>
      persistence.outboxStore!.list({ limit: 10 }),
    );
    expect(row).toMatchObject({ status: "delivered", uuid: delivered[0] });
    await app.close();
    expect(wake).toBeUndefined();
  });
});
