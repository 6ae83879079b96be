// Template: a straight sequence of steps, each a transitioning event with one command and a shared error state.
// Copy it, rename states/events/commands, and keep the shape: one happy path, one place where failures land.
import type { InMemoryCommandRegistry, WorkflowCommand, WorkflowDefinition } from "@duraflows/core";

export type SimpleSequenceState = "submitted" | "verified" | "active" | "rejected";

export const simpleSequenceWorkflow: WorkflowDefinition<SimpleSequenceState> = {
  name: "account-onboarding",
  version: 1,
  initialState: "submitted",
  states: {
    submitted: {
      context: { stage: "submitted" },
      events: {
        // Transitioning with recovery: success -> verified, ok:false -> rejected.
        Verify: { targetState: "verified", errorState: "rejected", commands: [{ name: "verifyDocuments" }] },
      },
    },
    verified: {
      context: { stage: "verified" },
      events: {
        Activate: { targetState: "active", errorState: "rejected", commands: [{ name: "provisionAccount" }] },
      },
    },
    active: { context: { stage: "active" } },
    rejected: {
      context: { stage: "rejected" },
      // A failed step can be retried from the start.
      events: { Resubmit: { targetState: "submitted" } },
    },
  },
};

/** Replace the bodies; keep returning `{ ok: false, code, message }` for business failures and throw only for bugs. */
export const verifyDocuments: WorkflowCommand = {
  execute(_subject, ctx) {
    const documents = ctx.context["documents"];
    if (!Array.isArray(documents) || documents.length === 0) {
      return { ok: false, code: "NO_DOCUMENTS", message: "No documents were uploaded" };
    }
    ctx.context["verifiedAt"] = ctx.now.toISOString();
    return { ok: true };
  },
};

export const provisionAccount: WorkflowCommand = {
  execute(_subject, ctx) {
    ctx.context["accountId"] = `acc-${ctx.transitionUuid.slice(0, 8)}`;
    return { ok: true };
  },
};

export function registerSimpleSequenceCommands(registry: InMemoryCommandRegistry): void {
  registry.register("verifyDocuments", verifyDocuments);
  registry.register("provisionAccount", provisionAccount);
}
