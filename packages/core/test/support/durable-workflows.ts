import type { WorkflowDefinition } from "../../src/definition/types.js";

/**
 * `order`: `Ship` runs reserve + charge (error route to `failed`); `shipped` patches the context and hops to
 * `notified` through notify; `notified` has a "stay" onEnter (audit). `Approve` is guarded, `Poke` is
 * command-only, `Strict` has no error route, `Noop` has no commands.
 */
export const orderWorkflow: WorkflowDefinition = {
  name: "order",
  initialState: "new",
  states: {
    new: {
      context: { stage: "new" },
      events: {
        Ship: {
          targetState: "shipped",
          errorState: "failed",
          commands: [{ name: "reserve", metadata: { warehouse: "east" } }, { name: "charge" }],
        },
        Approve: {
          guard: { name: "allowed", metadata: { level: 2 } },
          targetState: "shipped",
          commands: [{ name: "charge" }],
        },
        Poke: { commands: [{ name: "touch" }] },
        Strict: { targetState: "shipped", commands: [{ name: "charge" }] },
        Noop: { targetState: "failed" },
        Expire: { targetState: "failed", timeout: { afterMinutes: 5 } },
      },
    },
    shipped: {
      context: { stage: "shipped", patched: "by-state" },
      onEnter: { targetState: "notified", commands: [{ name: "notify" }] },
    },
    notified: { context: { stage: "notified" }, onEnter: { commands: [{ name: "audit" }] } },
    failed: { context: { stage: "failed" } },
  },
};

/** Registers a plain `{ ok: true }` handler for every command `order` references. */
export const ORDER_COMMANDS = ["reserve", "charge", "touch", "notify", "audit"] as const;
