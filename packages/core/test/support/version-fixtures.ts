import type { WorkflowDefinition, WorkflowExecutionStore } from "@duraflows/core";

/** Version 1 of a fulfilment workflow. */
export const fulfilmentV1: WorkflowDefinition = {
  name: "fulfilment",
  version: 1,
  initialState: "new",
  states: {
    new: { events: { Start: { targetState: "processing" } } },
    processing: { events: { Finish: { targetState: "done", commands: [{ name: "legacyArchive" }] } } },
    waiting: { events: { Resume: { targetState: "processing", timeout: { afterHours: 2 } } } },
    done: {},
  },
};

/** Version 2: "processing" is renamed "working", "waiting" gained an onEnter, "review" is new. */
export const fulfilmentV2: WorkflowDefinition = {
  name: "fulfilment",
  version: 2,
  initialState: "new",
  states: {
    new: { events: { Start: { targetState: "working" } } },
    working: { events: { Finish: { targetState: "done", commands: [{ name: "archive" }] } } },
    waiting: { onEnter: { commands: [{ name: "archive" }] }, events: { Resume: { targetState: "working" } } },
    review: { events: { Close: { targetState: "done", timeout: { afterHours: 1 } } } },
    done: {},
  },
};

/** An execution store stub whose `findActive` reports the given instances as occupied. */
export function busyExecutionStore(busy: Set<string>): WorkflowExecutionStore {
  return {
    create: async () => undefined,
    update: async () => undefined,
    findByUuid: async () => null,
    findByKey: async () => null,
    findActive: async (uuid) => (busy.has(uuid) ? ({ uuid: "execution" } as never) : null),
    findDue: async () => [],
    countInstancesUsingDefinition: async () => 0,
  };
}
