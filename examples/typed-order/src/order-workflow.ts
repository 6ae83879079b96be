import { defineWorkflow } from "@duraflows/core";
import { z } from "zod";

/**
 * The order workflow of the getting-started guide, declared with `defineWorkflow`: its state, event and command
 * names are checked by the compiler, and zod checks the context and the payment payload at run time.
 */
export const orderWorkflow = defineWorkflow(
  {
    name: "order",
    version: 1,
    initialState: "new",
    states: {
      new: {
        context: { paymentStatus: "pending" },
        events: {
          PaymentReceived: { targetState: "paid" },
          Cancel: { targetState: "cancelled" },
        },
      },
      paid: {
        context: { paymentStatus: "paid" },
        events: {
          Ship: { targetState: "shipped", errorState: "on_hold", commands: [{ name: "sendToWarehouse" }] },
        },
      },
      on_hold: { events: { Retry: { targetState: "paid" } } },
      shipped: { events: { Close: { targetState: "closed", timeout: { afterDays: 14 } } } },
      closed: {},
      cancelled: {},
    },
  },
  {
    context: z.object({
      paymentStatus: z.enum(["pending", "paid"]),
      total: z.number().positive(),
      trackingNumber: z.string().optional(),
    }),
    metadata: z.object({ customerId: z.string().min(1) }),
    events: {
      PaymentReceived: z.object({ amount: z.number().positive(), method: z.enum(["card", "transfer"]) }),
    },
  },
);
