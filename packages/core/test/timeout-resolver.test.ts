import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../src/definition/types.js";
import { TimeoutResolver, timeoutTotalMs } from "../src/timeout/timeout-resolver.js";

const now = new Date("2024-05-01T10:00:00.000Z");
const resolver = new TimeoutResolver();

const definition: WorkflowDefinition = {
  name: "t",
  initialState: "waiting",
  states: {
    waiting: {
      events: {
        Manual: { targetState: "done" },
        Expire: { targetState: "done", timeout: { afterMinutes: 30, afterHours: 2, afterDays: 1 } },
        Later: { targetState: "done", timeout: { afterMinutes: 1 } },
      },
    },
    zero: { events: { Z: { targetState: "done", timeout: { afterMinutes: 0 } } } },
    done: {},
  },
};

describe("timeoutTotalMs", () => {
  it("adds minutes, hours and days", () => {
    expect(timeoutTotalMs({ afterMinutes: 1 })).toBe(60_000);
    expect(timeoutTotalMs({ afterHours: 1 })).toBe(3_600_000);
    expect(timeoutTotalMs({ afterDays: 1 })).toBe(86_400_000);
    expect(timeoutTotalMs({ afterMinutes: 30, afterHours: 2, afterDays: 1 })).toBe(
      30 * 60_000 + 2 * 3_600_000 + 86_400_000,
    );
    expect(timeoutTotalMs({})).toBe(0);
  });
});

describe("TimeoutResolver", () => {
  it("uses the first event (object order) that declares a timeout", () => {
    expect(resolver.getTimeoutEventName(definition, "waiting")).toBe("Expire");
    expect(resolver.computeDeadline(definition, "waiting", now)).toEqual(
      new Date(now.getTime() + 30 * 60_000 + 2 * 3_600_000 + 86_400_000),
    );
  });

  it("returns null without a timeout event", () => {
    expect(resolver.getTimeoutEventName(definition, "done")).toBeNull();
    expect(resolver.computeDeadline(definition, "done", now)).toBeNull();
  });

  it("returns null for unknown and inherited state names", () => {
    for (const state of ["missing", "toString", "constructor"]) {
      expect(resolver.getTimeoutEventName(definition, state)).toBeNull();
      expect(resolver.computeDeadline(definition, state, now)).toBeNull();
    }
  });

  it("returns no deadline when the total is not positive, but still names the event", () => {
    expect(resolver.getTimeoutEventName(definition, "zero")).toBe("Z");
    expect(resolver.computeDeadline(definition, "zero", now)).toBeNull();
  });

  it("does not mutate now", () => {
    const at = new Date(now);
    resolver.computeDeadline(definition, "waiting", at);
    expect(at).toEqual(now);
  });
});
