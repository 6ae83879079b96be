import type { WorkflowDefinition } from "@duraflows/core";

/**
 * A user signs up, confirms their e-mail address within 7 days (or the account expires), and can close the
 * account later. Small enough to read at a glance, yet it has a command, a timeout and terminal states.
 */
export const signupWorkflow: WorkflowDefinition = {
  name: "signup",
  version: 1,
  initialState: "awaiting_confirmation",
  states: {
    awaiting_confirmation: {
      context: { active: false },
      events: {
        ConfirmEmail: { targetState: "active", commands: [{ name: "sendWelcomeEmail" }] },
        Expire: { targetState: "expired", timeout: { afterDays: 7 } },
      },
    },
    active: {
      context: { active: true },
      events: { Close: { targetState: "closed" } },
    },
    expired: {},
    closed: { context: { active: false } },
  },
};
