import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../src/definition/types.js";
import { referencedNames, terminalStates } from "../src/definition/terminal-states.js";

const definition: WorkflowDefinition = {
  name: "wf",
  initialState: "a",
  states: {
    a: {
      onEnter: { commands: [{ name: "enterA" }] },
      events: {
        go: { targetState: "b", guard: { name: "canGo" }, commands: [{ name: "c1" }, { name: "c2" }] },
        again: { commands: [{ name: "c1" }], guard: { name: "canAgain" } },
      },
    },
    b: { onEnter: { targetState: "c", commands: [{ name: "enterB" }] } },
    c: { events: {} },
    d: {},
  },
};

describe("terminalStates", () => {
  it("returns states with no events or an empty events map, whether or not they have onEnter", () => {
    expect(terminalStates(definition)).toEqual(["b", "c", "d"]);
  });

  it("ignores inherited events", () => {
    const state = Object.create({ events: { ghost: { targetState: "x" } } });
    expect(terminalStates({ name: "x", initialState: "s", states: { s: state } })).toEqual(["s"]);
  });
});

describe("referencedNames", () => {
  it("collects command names from events and onEnter, and guard names", () => {
    const names = referencedNames(definition);
    expect([...names.commands]).toEqual(["enterA", "c1", "c2", "enterB"]);
    expect([...names.guards]).toEqual(["canGo", "canAgain"]);
  });

  it("returns empty sets for a definition without references", () => {
    const names = referencedNames({ name: "x", initialState: "s", states: { s: {} } });
    expect(names.commands.size).toBe(0);
    expect(names.guards.size).toBe(0);
  });
});
