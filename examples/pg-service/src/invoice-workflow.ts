import type { WorkflowDefinition } from "@duraflows/core";

/**
 * An invoice is drafted, issued with a number from a database sequence, and paid; one left unpaid for 30 days
 * becomes overdue, which sends a reminder on entry.
 */
export const invoiceWorkflow: WorkflowDefinition = {
  name: "invoice",
  version: 1,
  initialState: "draft",
  states: {
    draft: {
      events: {
        Issue: { targetState: "issued", commands: [{ name: "assignInvoiceNumber" }] },
        Discard: { targetState: "discarded" },
      },
    },
    issued: {
      events: {
        Pay: { targetState: "paid" },
        BecomeOverdue: { targetState: "overdue", timeout: { afterDays: 30 } },
      },
    },
    overdue: {
      context: { overdue: true },
      onEnter: { commands: [{ name: "sendPaymentReminder" }] },
      events: {
        Pay: { targetState: "paid" },
        WriteOff: { targetState: "written_off" },
      },
    },
    paid: { context: { overdue: false } },
    discarded: {},
    written_off: {},
  },
};
