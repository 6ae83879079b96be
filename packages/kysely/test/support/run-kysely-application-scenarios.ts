import { randomUUID } from "node:crypto";
import {
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  WorkflowRuntime,
  type StateEnterEvent,
  type WorkflowDefinition,
  type WorkflowPersistenceProvider,
} from "@duraflows/core";
import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import {
  kyselyWorkflowProviders,
  kyselyWorkflowProvidersFromTransaction,
} from "../../src/kysely-providers.js";
import { KyselyTransactionContext } from "../../src/kysely-transaction-context.js";
import type { AppDb } from "./app-database.js";
import type { KyselyTestBackend } from "./kysely-test-backends.js";

const order: WorkflowDefinition = {
  name: "order",
  initialState: "new",
  states: {
    new: {
      events: {
        Pay: { targetState: "paid" },
        Explode: { targetState: "paid", commands: [{ name: "explode" }] },
      },
    },
    paid: {},
  },
};

function runtimeFor(provider: WorkflowPersistenceProvider, onEnter: (state: string) => Promise<void> | void) {
  const definitionRegistry = new InMemoryDefinitionRegistry();
  definitionRegistry.register(order);
  const commandRegistry = new InMemoryCommandRegistry();
  commandRegistry.register("explode", {
    execute: () => {
      throw new Error("command exploded");
    },
  });
  return new WorkflowRuntime({
    ...provider,
    definitionRegistry,
    commandRegistry,
    clock: { now: () => new Date() },
    observers: [{ name: "recorder", onEnter: (event) => onEnter(event.toState) }],
  });
}

async function snapshot(db: Kysely<AppDb>) {
  const orders = await db.selectFrom("orders").select(["id", "total"]).execute();
  const instances = await db
    .selectFrom("workflow_instances")
    .select(["workflow_name", "current_state"])
    .execute();
  const history = await db
    .selectFrom("workflow_history")
    .select(["event_name", "to_state"])
    .orderBy("event_name")
    .execute();
  const receipts = await db.selectFrom("workflow_event_idempotency").select("idempotency_key").execute();
  return { orders, instances, history: history.map((row) => `${row.event_name}->${row.to_state}`), receipts };
}

const EMPTY = { orders: [], instances: [], history: [], receipts: [] };

/** The application-level transaction tests: an app row and workflow calls commit or roll back together. */
export function runKyselyApplicationScenarios(label: string, backend: () => KyselyTestBackend): void {
  describe(`${label}: application transactions`, () => {
    it("outbox: rows commit and roll back with the application's transaction; the relay delivers them as written", async () => {
      await backend().truncate();
      const { db } = backend();
      const delivered: StateEnterEvent[] = [];
      const outboxRuntime = (provider: WorkflowPersistenceProvider) => {
        const definitionRegistry = new InMemoryDefinitionRegistry();
        definitionRegistry.register(order);
        return new WorkflowRuntime({
          ...provider,
          definitionRegistry,
          commandRegistry: new InMemoryCommandRegistry(),
          clock: { now: () => new Date() },
          observers: [{ name: "audit", delivery: "outbox", onEnter: (event) => void delivered.push(event) }],
          outbox: { maxAttempts: 1 },
        });
      };
      await expect(
        db.transaction().execute(async (trx) => {
          const runtime = outboxRuntime(kyselyWorkflowProvidersFromTransaction(trx, { outbox: true }));
          await runtime.createInstance({ workflowName: "order" });
          throw new Error("application failure");
        }),
      ).rejects.toThrow("application failure");
      const runtime = outboxRuntime(kyselyWorkflowProviders(db, { outbox: true, notify: true }));
      expect(await runtime.listOutbox()).toEqual([]);
      const created = await runtime.createInstance({
        workflowName: "order",
        context: { total: 3, tag: "é" },
      });
      await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Pay" });
      const rows = await runtime.listOutbox();
      expect(rows.map((row) => row.event.toState)).toEqual(["new", "paid"]);
      while ((await runtime.relayOutbox()).claimed > 0);
      expect(delivered.map((event) => [event.toState, event.eventId])).toEqual(
        rows.map((row) => [row.event.toState, row.uuid]),
      );
      expect(delivered[0]!.context).toEqual({ total: 3, tag: "é" });
      expect(delivered[0]!.occurredAt).toBeInstanceOf(Date);
      const [first] = await runtime.listOutbox({ status: "delivered", limit: 1 });
      expect(await runtime.redeliverOutbox(first!.uuid)).toMatchObject({ status: "pending", attempts: 0 });
      await runtime.relayOutbox();
      expect(delivered).toHaveLength(3);
      expect(await runtime.pruneOutbox({ deliveredBefore: new Date(Date.now() + 1_000) })).toEqual({
        deleted: 2,
      });
    });

    it("kyselyWorkflowProvidersFromTransaction: a throw after insert + create + trigger leaves nothing of either", async () => {
      await backend().truncate();
      const { db } = backend();
      const entered: string[] = [];
      await expect(
        db.transaction().execute(async (trx) => {
          await trx.insertInto("orders").values({ id: "o-1", total: 30 }).execute();
          const runtime = runtimeFor(
            kyselyWorkflowProvidersFromTransaction(trx),
            (state) => void entered.push(state),
          );
          const instance = await runtime.createInstance({
            workflowName: "order",
            context: { orderId: "o-1" },
          });
          await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Pay" });
          throw new Error("application failure");
        }),
      ).rejects.toThrow("application failure");
      expect(await snapshot(db)).toEqual(EMPTY);
    });

    it("kyselyWorkflowProvidersFromTransaction: without the throw both commit; observers fire before the caller's COMMIT", async () => {
      await backend().truncate();
      const { db } = backend();
      const entered: string[] = [];
      let committed = false;
      await db.transaction().execute(async (trx) => {
        await trx.insertInto("orders").values({ id: "o-1", total: 30 }).execute();
        const runtime = runtimeFor(kyselyWorkflowProvidersFromTransaction(trx), (state) => {
          entered.push(`${state}${committed ? " after commit" : " inside the caller's transaction"}`);
        });
        const instance = await runtime.createInstance({ workflowName: "order" });
        await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Pay" });
      });
      committed = true;
      expect(entered).toEqual([
        "new inside the caller's transaction",
        "paid inside the caller's transaction",
      ]);
      expect(await snapshot(db)).toEqual({
        orders: [{ id: "o-1", total: 30 }],
        instances: [{ workflow_name: "order", current_state: "paid" }],
        history: ["Pay->paid"],
        receipts: [],
      });
    });

    it("KyselyTransactionContext.transaction: a throw leaves nothing and no observer fires", async () => {
      await backend().truncate();
      const { db } = backend();
      const entered: string[] = [];
      const runtime = runtimeFor(kyselyWorkflowProviders(db), (state) => void entered.push(state));
      await expect(
        KyselyTransactionContext.transaction(db, async (trx) => {
          await trx.insertInto("orders").values({ id: "o-2", total: 5 }).execute();
          const instance = await runtime.createInstance({ workflowName: "order" });
          await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Pay" });
          throw new Error("application failure");
        }),
      ).rejects.toThrow("application failure");
      expect(entered).toEqual([]);
      expect(await snapshot(db)).toEqual(EMPTY);
    });

    it("KyselyTransactionContext.transaction: without the throw both commit and observers fire only after COMMIT", async () => {
      await backend().truncate();
      const { db } = backend();
      const seenByObservers: string[] = [];
      const runtime = runtimeFor(kyselyWorkflowProviders(db), async (state) => {
        // Outside any scope this reads through the pool: it sees the order only once it is committed.
        const visible = await db.selectFrom("orders").select("id").execute();
        seenByObservers.push(`${state}: ${visible.map((row) => row.id).join(",") || "order not committed"}`);
      });
      await KyselyTransactionContext.transaction(db, async (trx) => {
        await trx.insertInto("orders").values({ id: "o-3", total: 7 }).execute();
        const instance = await runtime.createInstance({ workflowName: "order" });
        await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Pay" });
        expect(seenByObservers).toEqual([]);
      });
      expect(seenByObservers).toEqual(["new: o-3", "paid: o-3"]);
      const after = await snapshot(db);
      expect(after.orders).toEqual([{ id: "o-3", total: 7 }]);
      expect(after.instances).toEqual([{ workflow_name: "order", current_state: "paid" }]);
    });

    it("KyselyTransactionContext.run: workflow calls join the caller's transaction and roll back with it", async () => {
      await backend().truncate();
      const { db } = backend();
      const runtime = runtimeFor(kyselyWorkflowProviders(db), () => undefined);
      await expect(
        db.transaction().execute((trx) =>
          KyselyTransactionContext.run(db, trx, async () => {
            await trx.insertInto("orders").values({ id: "o-4", total: 1 }).execute();
            const instance = await runtime.createInstance({ workflowName: "order" });
            await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Pay" });
            throw new Error("application failure");
          }),
        ),
      ).rejects.toThrow("application failure");
      expect(await snapshot(db)).toEqual(EMPTY);
    });

    it("transaction-bound providers: a caught workflow failure leaves no partial writes in the caller's transaction", async () => {
      await backend().truncate();
      const { db } = backend();
      await db.transaction().execute(async (trx) => {
        const runtime = runtimeFor(kyselyWorkflowProvidersFromTransaction(trx), () => undefined);
        const instance = await runtime.createInstance({ workflowName: "order" });
        await expect(
          runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Explode" }),
        ).rejects.toThrow("command exploded");
        const { transactionRunner, instanceStore } = kyselyWorkflowProvidersFromTransaction(trx);
        const partial = { ...instance, uuid: randomUUID() };
        await expect(
          transactionRunner.runInTransaction(async () => {
            await instanceStore.create(partial);
            throw new Error("failure after a write");
          }),
        ).rejects.toThrow("failure after a write");
        expect(await instanceStore.findByUuid(partial.uuid)).toBeNull();
        await trx.insertInto("orders").values({ id: "o-5", total: 2 }).execute();
      });
      const after = await snapshot(db);
      expect(after.orders).toEqual([{ id: "o-5", total: 2 }]);
      expect(after.instances).toEqual([{ workflow_name: "order", current_state: "new" }]);
      // Creation writes no history row; the exploded Pay left none either.
      expect(after.history).toEqual([]);
    });

    it("transaction-bound providers: idempotency receipts roll back with the caller's transaction", async () => {
      await backend().truncate();
      const { db } = backend();
      const keyed = async (fail: boolean) =>
        db.transaction().execute(async (trx) => {
          const runtime = runtimeFor(
            kyselyWorkflowProvidersFromTransaction(trx, { idempotency: true }),
            () => undefined,
          );
          const instance = await runtime.createInstance({ workflowName: "order" });
          await runtime.triggerEvent({
            workflowInstanceUuid: instance.uuid,
            eventName: "Pay",
            idempotencyKey: "pay-1",
          });
          if (fail) throw new Error("application failure");
        });
      await expect(keyed(true)).rejects.toThrow("application failure");
      expect((await snapshot(db)).receipts).toEqual([]);
      await keyed(false);
      expect((await snapshot(db)).receipts).toEqual([{ idempotency_key: "pay-1" }]);
    });

    it("getHistory returns an event and its onEnter hops, written in one transaction, in exact reverse write order", async () => {
      await backend().truncate();
      const { db } = backend();
      const hops = 10;
      const states: WorkflowDefinition["states"] = { s0: { events: { Go: { targetState: "s1" } } } };
      for (let i = 1; i < hops; i++) states[`s${i}`] = { onEnter: { targetState: `s${i + 1}` } };
      states[`s${hops}`] = {};
      const definitionRegistry = new InMemoryDefinitionRegistry();
      definitionRegistry.register({ name: "chain", initialState: "s0", states });
      const runtime = new WorkflowRuntime({
        ...kyselyWorkflowProviders(db),
        definitionRegistry,
        commandRegistry: new InMemoryCommandRegistry(),
        clock: { now: () => new Date() },
      });
      const instance = await runtime.createInstance({ workflowName: "chain" });
      await runtime.triggerEvent({ workflowInstanceUuid: instance.uuid, eventName: "Go" });
      const rows = (await runtime.getHistory(instance.uuid, { limit: 100 })).slice(0, hops);
      expect(new Set(rows.map((row) => row.createdAt!.getTime())).size).toBe(1);
      expect(rows.reverse().map((row) => row.toState)).toEqual(
        Array.from({ length: hops }, (_, i) => `s${i + 1}`),
      );
    });

    it("pruneHistory keeps each instance's newest rows; purgeInstances removes terminal instances with their history", async () => {
      await backend().truncate();
      const { db } = backend();
      const definitionRegistry = new InMemoryDefinitionRegistry();
      definitionRegistry.register({
        name: "ping-pong",
        initialState: "a",
        states: {
          a: { events: { Ping: { targetState: "b" } } },
          b: { events: { Pong: { targetState: "a" }, Finish: { targetState: "done" } } },
          done: {},
        },
      });
      const runtime = new WorkflowRuntime({
        ...kyselyWorkflowProviders(db),
        definitionRegistry,
        commandRegistry: new InMemoryCommandRegistry(),
        clock: { now: () => new Date() },
      });
      const live = await runtime.createInstance({ workflowName: "ping-pong" });
      for (const eventName of ["Ping", "Pong", "Ping", "Pong"])
        await runtime.triggerEvent({ workflowInstanceUuid: live.uuid, eventName });
      const finished = await runtime.createInstance({ workflowName: "ping-pong" });
      for (const eventName of ["Ping", "Finish"])
        await runtime.triggerEvent({ workflowInstanceUuid: finished.uuid, eventName });
      const total =
        (await runtime.getHistory(live.uuid)).length + (await runtime.getHistory(finished.uuid)).length;
      expect(await runtime.pruneHistory({ keepLast: 2, dryRun: true })).toEqual({
        rows: total - 4,
        batches: 0,
        dryRun: true,
      });
      const newest = (await runtime.getHistory(live.uuid, { limit: 2 })).map((row) => row.eventName);
      expect(await runtime.pruneHistory({ keepLast: 2, batchSize: 1 })).toEqual({
        rows: total - 4,
        batches: total - 4,
        dryRun: false,
      });
      expect((await runtime.getHistory(live.uuid)).map((row) => row.eventName)).toEqual(newest);
      const future = new Date("2100-01-01T00:00:00Z");
      expect(await runtime.purgeInstances({ terminalBefore: future, dryRun: true })).toMatchObject({
        instances: 1,
      });
      expect(await runtime.purgeInstances({ terminalBefore: future })).toEqual({
        instances: 1,
        batches: 1,
        dryRun: false,
      });
      expect(await runtime.getInstance(finished.uuid)).toBeNull();
      expect(await runtime.getHistory(finished.uuid)).toEqual([]);
      expect(await runtime.getHistory(live.uuid)).toHaveLength(2);
    });
    it("triggerEventForMany moves in-state instances set-based, one history row each, observers after commit", async () => {
      await backend().truncate();
      const { db } = backend();
      const entered: string[] = [];
      const runtime = runtimeFor(kyselyWorkflowProviders(db), (state) => void entered.push(state));
      const uuids: string[] = [];
      for (let i = 0; i < 5; i++)
        uuids.push((await runtime.createInstance({ workflowName: "order", context: { n: i % 2 } })).uuid);
      entered.length = 0;
      const result = await runtime.triggerEventForMany({
        workflowName: "order",
        state: "new",
        eventName: "Pay",
        where: { context: { n: 0 } },
        limit: 10,
        batchSize: 2,
      });
      expect(result).toEqual({
        mode: "bulk",
        matched: 3,
        transitioned: 3,
        failed: 0,
        errors: [],
        batches: 2,
      });
      expect(entered).toEqual(["paid", "paid", "paid"]);
      const paid = await db
        .selectFrom("workflow_history")
        .select("workflow_instance_uuid")
        .where("event_name", "=", "Pay")
        .execute();
      expect(paid.map((row) => row.workflow_instance_uuid).sort()).toEqual(
        [uuids[0], uuids[2], uuids[4]].sort(),
      );
    });
  });
}
