import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import * as v from "valibot";
import {
  defineWorkflow,
  InMemoryCommandRegistry,
  InMemoryDefinitionRegistry,
  registerWorkflowCommands,
  type CommandOf,
  type ContextOf,
  type EventOf,
  type PayloadOf,
  type StateOf,
  type WorkflowDefinition,
  type WorkflowGuardName,
  type DefinitionOf,
  type WorkflowRuntime,
} from "@duraflows/core";

const order = defineWorkflow(
  {
    name: "order",
    initialState: "awaiting_payment",
    states: {
      awaiting_payment: {
        events: {
          PaymentReceived: {
            targetState: "paid",
            guard: { name: "amountMatches" },
            commands: [{ name: "recordPayment" }],
          },
          Cancel: { targetState: "cancelled" },
        },
      },
      paid: {
        onEnter: {
          targetState: "shipped",
          errorState: "export_failed",
          commands: [{ name: "sendToWarehouse" }],
        },
      },
      shipped: {},
      export_failed: { events: { Retry: { targetState: "paid" } } },
      cancelled: {},
    },
  },
  {
    context: z.object({ total: z.number(), paidAt: z.string().optional() }),
    metadata: v.object({ customerId: v.string() }),
    events: { PaymentReceived: z.object({ amount: z.number() }) },
  },
);

type Order = typeof order;

describe("defineWorkflow inference", () => {
  it("infers the state, event, command and guard unions", () => {
    expectTypeOf<StateOf<Order>>().toEqualTypeOf<
      "awaiting_payment" | "paid" | "shipped" | "export_failed" | "cancelled"
    >();
    expectTypeOf<EventOf<Order>>().toEqualTypeOf<"PaymentReceived" | "Cancel" | "Retry">();
    expectTypeOf<EventOf<Order, "export_failed">>().toEqualTypeOf<"Retry">();
    expectTypeOf<CommandOf<Order>>().toEqualTypeOf<"recordPayment" | "sendToWarehouse">();
    expectTypeOf<WorkflowGuardName<DefinitionOf<Order>>>().toEqualTypeOf<"amountMatches">();
  });

  it("infers context and payload types from the schemas", () => {
    expectTypeOf<ContextOf<Order>["total"]>().toEqualTypeOf<number>();
    expectTypeOf<PayloadOf<Order, "PaymentReceived">>().toEqualTypeOf<{ amount: number }>();
    expectTypeOf<PayloadOf<Order, "Cancel">>().toEqualTypeOf<unknown>();
  });

  it("stays a plain definition for registries", () => {
    expectTypeOf(order).toMatchTypeOf<WorkflowDefinition>();
    new InMemoryDefinitionRegistry().register(order);
  });

  it("rejects a target that names no state", () => {
    defineWorkflow({
      name: "typo",
      initialState: "a",
      // @ts-expect-error "bb" is not a state
      states: { a: { events: { Go: { targetState: "bb" } } }, b: {} },
    });
    // @ts-expect-error the initial state must be a state
    defineWorkflow({ name: "typo", initialState: "nope", states: { a: {} } });
  });

  it("rejects a schema for an unknown event", () => {
    defineWorkflow(
      { name: "w", initialState: "a", states: { a: { events: { Go: { targetState: "a" } } } } },
      // @ts-expect-error "Goo" is not an event
      { events: { Goo: z.object({}) } },
    );
  });

  it("accepts types declared through generics", () => {
    const _counter = defineWorkflow<{ context: { count: number }; payloads: { Go: { by: number } } }>()({
      name: "counter",
      initialState: "a",
      states: { a: { events: { Go: { targetState: "a" } } } },
    });
    expectTypeOf<ContextOf<typeof _counter>["count"]>().toEqualTypeOf<number>();
    expectTypeOf<PayloadOf<typeof _counter, "Go">>().toEqualTypeOf<{ by: number }>();
  });
});

describe("typed handles and runtime calls", () => {
  const runtime = null as unknown as WorkflowRuntime;

  it("accepts only the workflow's events, with their payloads", async () => {
    const handle = runtime.getHandle("uuid", order);
    await handle.triggerEvent("PaymentReceived", { subject: { amount: 10 } });
    await handle.triggerEvent("Cancel");
    // @ts-expect-error typo in the event name
    await handle.triggerEvent("PaymentRecieved");
    // @ts-expect-error wrong payload type
    await handle.triggerEvent("PaymentReceived", { subject: { amount: "10" } });
    // @ts-expect-error "Retry" is not an event of "awaiting_payment"
    await handle.inState("awaiting_payment").triggerEvent("Retry");
    await handle.inState("export_failed").triggerEvent("Retry");
    // @ts-expect-error not a state
    handle.inState("unknown");
  });

  it("types the instance", async () => {
    const instance = await runtime.getHandle("uuid", order).getInstance();
    expectTypeOf(instance!.currentState).toEqualTypeOf<StateOf<Order>>();
    expectTypeOf(instance!.context.total).toEqualTypeOf<number>();
    expectTypeOf(instance!.metadata.customerId).toEqualTypeOf<string>();
    const created = await runtime.createInstance(order, {
      context: { total: 5 },
      metadata: { customerId: "c" },
    });
    expectTypeOf(created.currentState).toEqualTypeOf<StateOf<Order>>();
    // @ts-expect-error context field of the wrong type
    await runtime.createInstance(order, { context: { total: "5" } });
  });

  it("keeps the untyped signatures", async () => {
    const handle = runtime.getHandle("uuid");
    await handle.triggerEvent("Anything");
    const instance = await runtime.createInstance({ workflowName: "order" });
    expectTypeOf(instance.currentState).toEqualTypeOf<string>();
  });
});

describe("registerWorkflowCommands", () => {
  const registry = new InMemoryCommandRegistry();

  it("requires exactly the workflow's commands, with the typed context", () => {
    registerWorkflowCommands(registry, order, {
      recordPayment: (_subject, ctx) => {
        expectTypeOf(ctx.context.total).toEqualTypeOf<number>();
        return { ok: true };
      },
      sendToWarehouse: { execute: () => ({ ok: true }) },
    });
    // @ts-expect-error missing "sendToWarehouse"
    registerWorkflowCommands(registry, order, { recordPayment: () => ({ ok: true }) });
    registerWorkflowCommands(registry, order, {
      recordPayment: () => ({ ok: true }),
      sendToWarehouse: () => ({ ok: true }),
      // @ts-expect-error not a command of the workflow
      unknownCommand: () => ({ ok: true }),
    });
  });
});
