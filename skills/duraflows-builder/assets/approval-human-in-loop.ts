// Template: a human approval. The workflow waits in `pending_approval` until a person acts (an HTTP call that
// triggers Approve / Reject / RequestChanges); a guard checks who may approve, and a timeout escalates requests
// nobody looked at. The caller passes the acting user as the event's subject.
import type {
  InMemoryCommandRegistry,
  InMemoryGuardRegistry,
  WorkflowCommand,
  WorkflowDefinition,
  WorkflowGuard,
} from "@duraflows/core";

export type ApprovalState = "draft" | "pending_approval" | "escalated" | "approved" | "rejected";

export interface Actor {
  userId: string;
  roles: string[];
}

export const approvalWorkflow: WorkflowDefinition<ApprovalState> = {
  name: "expense-approval",
  version: 1,
  initialState: "draft",
  states: {
    draft: {
      events: { Submit: { targetState: "pending_approval", commands: [{ name: "notifyApprovers" }] } },
    },
    pending_approval: {
      events: {
        Approve: {
          guard: { name: "isApprover", metadata: { role: "manager" } },
          targetState: "approved",
          commands: [{ name: "recordDecision", metadata: { decision: "approved" } }],
        },
        Reject: {
          guard: { name: "isApprover", metadata: { role: "manager" } },
          targetState: "rejected",
          commands: [{ name: "recordDecision", metadata: { decision: "rejected" } }],
        },
        RequestChanges: { targetState: "draft" },
        Escalate: { targetState: "escalated", timeout: { afterDays: 3 } },
      },
    },
    escalated: {
      onEnter: { commands: [{ name: "notifyApprovers", metadata: { escalation: true } }] },
      events: {
        Approve: {
          guard: { name: "isApprover", metadata: { role: "director" } },
          targetState: "approved",
          commands: [{ name: "recordDecision", metadata: { decision: "approved" } }],
        },
        Reject: {
          guard: { name: "isApprover", metadata: { role: "director" } },
          targetState: "rejected",
          commands: [{ name: "recordDecision", metadata: { decision: "rejected" } }],
        },
      },
    },
    approved: {},
    rejected: {},
  },
};

/** Pure: reads the subject and the guard ref's metadata, never writes. */
export const isApprover: WorkflowGuard<Actor | undefined> = {
  name: "isApprover",
  evaluate(actor, ctx) {
    const role = String(ctx.commandMetadata["role"] ?? "manager");
    return actor !== undefined && actor.roles.includes(role);
  },
};

/** Best effort: a failed e-mail must never block an approval. */
export const notifyApprovers: WorkflowCommand = {
  bestEffort: true,
  execute(_subject, ctx) {
    ctx.context["lastNotifiedAt"] = ctx.now.toISOString();
    return { ok: true, metadata: { escalation: ctx.commandMetadata["escalation"] === true } };
  },
};

export const recordDecision: WorkflowCommand<Actor | undefined> = {
  execute(actor, ctx) {
    ctx.context["decision"] = ctx.commandMetadata["decision"];
    ctx.context["decidedBy"] = actor?.userId ?? null;
    ctx.context["decidedAt"] = ctx.now.toISOString();
    return { ok: true };
  },
};

export function registerApproval(commands: InMemoryCommandRegistry, guards: InMemoryGuardRegistry): void {
  commands.register("notifyApprovers", notifyApprovers);
  commands.register("recordDecision", recordDecision);
  guards.register("isApprover", isApprover);
}
