import { describe, expect, it } from "vitest";
import { WorkflowError, type WorkflowDefinition } from "@duraflows/core";
import {
  collectingObserver,
  createFixture,
  recordingCommand,
  recordingGuard,
} from "./support/runtime-fixture.js";

const guarded: WorkflowDefinition = {
  name: "guarded",
  initialState: "draft",
  states: {
    draft: {
      events: {
        Submit: {
          guard: { name: "isComplete", metadata: { rule: "all-fields" } },
          targetState: "submitted",
          errorState: "rejected",
          commands: [{ name: "submit" }],
        },
      },
    },
    submitted: { onEnter: { commands: [{ name: "onSubmitted" }] } },
    rejected: {},
  },
};

describe("guards", () => {
  it("a rejection writes a history row, leaves the instance untouched, runs nothing and fires no observer", async () => {
    const guard = recordingGuard(false);
    const submit = recordingCommand();
    const onSubmitted = recordingCommand();
    const observer = collectingObserver();
    const { runtime } = createFixture({
      definitions: [guarded],
      commands: { submit, onSubmitted },
      guards: { isComplete: guard },
      runtime: { observers: [observer] },
    });
    const created = await runtime.createInstance({ workflowName: "guarded" });
    const result = await runtime.triggerEvent({
      workflowInstanceUuid: created.uuid,
      eventName: "Submit",
      subject: { id: 1 },
      triggerMetadata: { by: "u" },
    });
    const [row] = await runtime.getHistory(created.uuid);
    expect(result).toEqual({
      outcome: "guard-rejected",
      fromState: "draft",
      toState: "draft",
      commandResults: [],
      rejectedBy: "isComplete",
      historyUuid: result.historyUuid,
    });
    expect(row).toMatchObject({
      fromState: "draft",
      eventName: "Submit",
      toState: "draft",
      outcome: "guard-rejected",
      rejectedBy: "isComplete",
      commandResultsJson: [],
      triggerMetadata: { by: "u" },
      definitionVersion: 1,
    });
    expect(await runtime.getInstance(created.uuid)).toEqual(created);
    expect(submit.calls).toHaveLength(0);
    expect(onSubmitted.calls).toHaveLength(0);
    expect(observer.events.map((e) => e.triggerEvent)).toEqual([null]);
  });

  it("the guard gets the subject, a frozen context clone and the ref metadata; an accepting guard lets commands run", async () => {
    const guard = recordingGuard(true);
    const { runtime } = createFixture({
      definitions: [guarded],
      commands: { submit: recordingCommand(), onSubmitted: recordingCommand() },
      guards: { isComplete: guard },
    });
    const created = await runtime.createInstance({ workflowName: "guarded", context: { fields: { a: 1 } } });
    const result = await runtime.triggerEvent({
      workflowInstanceUuid: created.uuid,
      eventName: "Submit",
      subject: "s",
    });
    expect(result.toState).toBe("submitted");
    const { subject, ctx } = guard.calls[0];
    expect(subject).toBe("s");
    expect(ctx.context).toEqual({ fields: { a: 1 } });
    expect(Object.isFrozen(ctx.context)).toBe(true);
    expect(Object.isFrozen(ctx.context.fields)).toBe(true);
    expect(ctx.commandMetadata).toEqual({ rule: "all-fields" });
    expect(Object.isFrozen(ctx.commandMetadata)).toBe(true);
    expect(ctx.toState).toBe("submitted");
  });

  it("an async guard resolving false rejects too", async () => {
    const { runtime } = createFixture({
      definitions: [guarded],
      commands: { submit: recordingCommand(), onSubmitted: recordingCommand() },
      guards: { isComplete: { name: "x", evaluate: async () => false } },
    });
    const created = await runtime.createInstance({ workflowName: "guarded" });
    const result = await runtime.triggerEvent({ workflowInstanceUuid: created.uuid, eventName: "Submit" });
    expect(result.outcome).toBe("guard-rejected");
  });

  it("fails clearly without a guard registry or with an unknown guard", async () => {
    const noRegistry = createFixture({
      definitions: [guarded],
      commands: { submit: recordingCommand(), onSubmitted: recordingCommand() },
      guards: null,
    });
    const a = await noRegistry.runtime.createInstance({ workflowName: "guarded" });
    await expect(
      noRegistry.runtime.triggerEvent({ workflowInstanceUuid: a.uuid, eventName: "Submit" }),
    ).rejects.toThrow(
      new WorkflowError(
        'Event "Submit" on state "draft" declares guard "isComplete" but no guard registry is configured',
      ),
    );
    const unknown = createFixture({
      definitions: [guarded],
      commands: { submit: recordingCommand(), onSubmitted: recordingCommand() },
      guards: {},
    });
    const b = await unknown.runtime.createInstance({ workflowName: "guarded" });
    await expect(
      unknown.runtime.triggerEvent({ workflowInstanceUuid: b.uuid, eventName: "Submit" }),
    ).rejects.toThrow('Guard "isComplete" not found in registry');
  });
});
