// What the outbox worker process and the tests that fork it share. Kept out of the worker module: importing that
// module would register its IPC handler inside the test process itself.
import type { StateEnterEvent, WorkflowDefinition } from "@duraflows/core";

export interface OutboxWorkerStart {
  type: "start";
  url: string;
  mode: "write" | "relay";
  /** Ms a claim holds a row before another relay may retry it. */
  leaseMs: number;
}

export interface OutboxDelivery {
  eventId: string;
  instanceUuid: string;
  step: number;
  startedAt: number;
  event: StateEnterEvent;
}

export const outboxFlow: WorkflowDefinition = {
  name: "outbox-ledger",
  initialState: "open",
  states: { open: { events: { Close: { targetState: "closed" } } }, closed: {} },
};
