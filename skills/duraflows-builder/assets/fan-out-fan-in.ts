// Template: fan-out / fan-in. duraflows has no parallel regions; a parent instance dispatches work on entry
// (onEnter command), records each completion with a command-only event, and moves on through a guarded event
// once every part is in. Children (other instances or external jobs) report back by triggering `PartReady`.
import type {
  InMemoryCommandRegistry,
  InMemoryGuardRegistry,
  WorkflowCommand,
  WorkflowDefinition,
  WorkflowGuard,
} from "@duraflows/core";

export type FanOutState = "requested" | "collecting" | "assembling" | "done" | "timed_out";

export interface PartReadySubject {
  part: string;
}

export const fanOutFanInWorkflow: WorkflowDefinition<FanOutState> = {
  name: "report-assembly",
  version: 1,
  initialState: "requested",
  states: {
    requested: {
      events: { Start: { targetState: "collecting" } },
    },
    collecting: {
      // Fan out once on entry; a "stay" hop (commands, no target) keeps the instance here.
      onEnter: { commands: [{ name: "dispatchParts" }] },
      events: {
        // Command-only event: records one part and stays in `collecting`.
        PartReady: { commands: [{ name: "recordPart" }] },
        // Fan in: guard-gated, so early attempts are recorded as guard-rejected and change nothing.
        Assemble: { guard: { name: "allPartsReady" }, targetState: "assembling" },
        GiveUp: { targetState: "timed_out", timeout: { afterHours: 24 } },
      },
    },
    assembling: {
      onEnter: { targetState: "done", commands: [{ name: "assembleReport" }] },
    },
    done: {},
    timed_out: {},
  },
};

export const dispatchParts: WorkflowCommand = {
  execute(_subject, ctx) {
    // Idempotent on purpose: a command-only event re-runs the state's onEnter chain.
    if (!Array.isArray(ctx.context["expectedParts"]))
      ctx.context["expectedParts"] = ["sales", "costs", "staff"];
    if (!Array.isArray(ctx.context["readyParts"])) ctx.context["readyParts"] = [];
    return { ok: true };
  },
};

export const recordPart: WorkflowCommand<PartReadySubject> = {
  execute(subject, ctx) {
    const ready = new Set(ctx.context["readyParts"] as string[] | undefined);
    ready.add(subject.part);
    ctx.context["readyParts"] = [...ready].sort();
    return { ok: true, metadata: { part: subject.part } };
  },
};

export const allPartsReady: WorkflowGuard = {
  name: "allPartsReady",
  evaluate(_subject, ctx) {
    const expected = (ctx.context["expectedParts"] as string[] | undefined) ?? [];
    const ready = new Set((ctx.context["readyParts"] as string[] | undefined) ?? []);
    return expected.every((part) => ready.has(part));
  },
};

export const assembleReport: WorkflowCommand = {
  execute(_subject, ctx) {
    ctx.context["assembledAt"] = ctx.now.toISOString();
    return { ok: true };
  },
};

export function registerFanOutFanIn(commands: InMemoryCommandRegistry, guards: InMemoryGuardRegistry): void {
  commands.register("dispatchParts", dispatchParts);
  commands.register("recordPart", recordPart);
  commands.register("assembleReport", assembleReport);
  guards.register("allPartsReady", allPartsReady);
}
