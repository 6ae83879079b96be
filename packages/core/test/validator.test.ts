import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../src/definition/types.js";
import { WorkflowValidator } from "../src/validator/workflow-validator.js";

const validator = new WorkflowValidator();
const validate = (definition: unknown, options?: Parameters<WorkflowValidator["validate"]>[1]) =>
  validator.validate(definition as WorkflowDefinition, options);

const minimal: WorkflowDefinition = {
  name: "wf",
  initialState: "a",
  states: { a: { events: { go: { targetState: "b" } } }, b: {} },
};

describe("WorkflowValidator: valid definitions", () => {
  it("accepts a minimal definition with no errors and no warnings", () => {
    expect(validate(minimal)).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it("accepts every allowed event shape", () => {
    const result = validate({
      name: "shapes",
      initialState: "a",
      states: {
        a: {
          events: {
            transition: { targetState: "b" },
            transitionWithCommands: { targetState: "b", commands: [{ name: "c" }] },
            commandOnly: { commands: [{ name: "c" }] },
            failureOnly: { errorState: "c", commands: [{ name: "c" }] },
            recovery: { targetState: "b", errorState: "c", commands: [{ name: "c", transactional: true }] },
            price$: { targetState: "b" },
          },
        },
        b: {},
        c: {},
      },
    });
    expect(result).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it("ignores version and versionPolicy values", () => {
    expect(validate({ ...minimal, version: -3, versionPolicy: "bogus" }).valid).toBe(true);
  });

  it("does not check command or guard names without the option sets", () => {
    const result = validate({
      name: "wf",
      initialState: "a",
      states: {
        a: { events: { go: { targetState: "a", guard: { name: "g" }, commands: [{ name: "x" }] } } },
      },
    });
    expect(result.valid).toBe(true);
  });
});

describe("WorkflowValidator: rules and messages", () => {
  it("rule 1: blank or missing name", () => {
    for (const name of ["", "   ", "\t\n", undefined, 42]) {
      expect(validate({ ...minimal, name }).errors).toEqual([
        { path: "name", message: "Workflow name must be non-empty" },
      ]);
    }
  });

  it("rule 2 and 3: no states also reports the missing initial state", () => {
    expect(validate({ name: "wf", initialState: "a", states: {} })).toEqual({
      valid: false,
      errors: [
        { path: "states", message: "Workflow must have at least one state" },
        { path: "initialState", message: 'Initial state "a" does not exist in states' },
      ],
      warnings: [],
    });
  });

  it("rule 3: unknown initial state", () => {
    expect(validate({ ...minimal, initialState: "zzz" }).errors).toEqual([
      { path: "initialState", message: 'Initial state "zzz" does not exist in states' },
    ]);
  });

  it("rule 4: onEnter target, error and command checks", () => {
    const result = validate(
      {
        name: "wf",
        initialState: "a",
        states: {
          a: {
            onEnter: {
              targetState: "nope",
              errorState: "gone",
              commands: [{ name: "known" }, { name: "unknown", transactional: "yes" }],
            },
          },
        },
      },
      { knownCommandNames: new Set(["known"]) },
    );
    expect(result.errors).toEqual([
      { path: "states.a.onEnter.targetState", message: 'Target state "nope" does not exist in states' },
      { path: "states.a.onEnter.errorState", message: 'Error state "gone" does not exist in states' },
      { path: "states.a.onEnter.commands[1].transactional", message: "transactional must be a boolean" },
      { path: "states.a.onEnter.commands[1]", message: 'Command "unknown" is not registered' },
    ]);
  });

  it("rule 5: reserved $ event names (only a leading $)", () => {
    const result = validate({
      name: "wf",
      initialState: "a",
      states: { a: { events: { $migrated: { targetState: "a" }, a$b: { targetState: "a" } } } },
    });
    expect(result.errors).toEqual([
      { path: "states.a.events.$migrated", message: 'Event names starting with "$" are reserved' },
    ]);
  });

  it("rule 5: an event needs a target, an error state or commands", () => {
    const result = validate({
      name: "wf",
      initialState: "a",
      states: { a: { events: { empty: {}, emptyCommands: { commands: [] }, nulls: { targetState: null } } } },
    });
    const message = "Event must define at least one of: targetState, errorState, or commands";
    expect(result.errors).toEqual([
      { path: "states.a.events.empty", message },
      { path: "states.a.events.emptyCommands", message },
      { path: "states.a.events.nulls", message },
    ]);
  });

  it("rule 5: event target, error, commands and guard checks in order", () => {
    const result = validate(
      {
        name: "wf",
        initialState: "a",
        states: {
          a: {
            events: {
              go: {
                targetState: "x",
                errorState: "y",
                commands: [{ name: "c1", transactional: 1 }, { name: "c2" }],
                guard: { name: "g" },
              },
            },
          },
        },
      },
      { knownCommandNames: new Set(["c2"]), knownGuardNames: new Set(["other"]) },
    );
    expect(result.errors).toEqual([
      { path: "states.a.events.go.targetState", message: 'Target state "x" does not exist in states' },
      { path: "states.a.events.go.errorState", message: 'Error state "y" does not exist in states' },
      { path: "states.a.events.go.commands[0].transactional", message: "transactional must be a boolean" },
      { path: "states.a.events.go.commands[0]", message: 'Command "c1" is not registered' },
      { path: "states.a.events.go.guard", message: 'Guard "g" is not registered' },
    ]);
  });

  it("rule 5: a registered guard passes", () => {
    const result = validate(
      {
        name: "wf",
        initialState: "a",
        states: { a: { events: { go: { targetState: "a", guard: { name: "g" } } } } },
      },
      { knownGuardNames: new Set(["g"]) },
    );
    expect(result.valid).toBe(true);
  });

  it("rule 5: timeout fields must be positive finite numbers", () => {
    const bad = [0, -1, NaN, Infinity, -Infinity, "5", null];
    const result = validate({
      name: "wf",
      initialState: "s0",
      states: Object.fromEntries(
        bad.map((value, i) => [
          `s${i}`,
          { events: { t: { targetState: "s0", timeout: { afterMinutes: value, afterHours: 1 } } } },
        ]),
      ),
    });
    expect(result.errors).toEqual(
      bad.map((_value, i) => ({
        path: `states.s${i}.events.t.timeout.afterMinutes`,
        message: 'Timeout field "afterMinutes" must be a positive finite number',
      })),
    );
  });

  it("rule 5: every timeout field is checked and an empty timeout is rejected", () => {
    const result = validate({
      name: "wf",
      initialState: "a",
      states: {
        a: {
          events: { t: { targetState: "a", timeout: { afterMinutes: 0, afterHours: -2, afterDays: 0 } } },
        },
        b: { events: { t: { targetState: "a", timeout: {} } } },
        c: { events: { t: { targetState: "a", timeout: { afterWeeks: 1 } } } },
      },
    });
    expect(result.errors).toEqual([
      {
        path: "states.a.events.t.timeout.afterMinutes",
        message: 'Timeout field "afterMinutes" must be a positive finite number',
      },
      {
        path: "states.a.events.t.timeout.afterHours",
        message: 'Timeout field "afterHours" must be a positive finite number',
      },
      {
        path: "states.a.events.t.timeout.afterDays",
        message: 'Timeout field "afterDays" must be a positive finite number',
      },
      { path: "states.b.events.t.timeout", message: "Timeout must define at least one duration field" },
      { path: "states.c.events.t.timeout", message: "Timeout must define at least one duration field" },
    ]);
  });

  it("rule 5: at most one timeout event per state, reported after the state's events", () => {
    const result = validate({
      name: "wf",
      initialState: "a",
      states: {
        a: {
          events: {
            t1: { targetState: "a", timeout: { afterMinutes: 1 } },
            t2: { targetState: "zz", timeout: { afterDays: 1 } },
          },
        },
      },
    });
    expect(result.errors).toEqual([
      { path: "states.a.events.t2.targetState", message: 'Target state "zz" does not exist in states' },
      { path: "states.a", message: "At most one event per state may define a timeout" },
    ]);
  });

  it("rule 6: reports only the first onEnter cycle", () => {
    const result = validate({
      name: "wf",
      initialState: "a",
      states: {
        a: { onEnter: { targetState: "b" } },
        b: { onEnter: { targetState: "c" } },
        c: { onEnter: { errorState: "a" } },
        d: { onEnter: { targetState: "d" } },
      },
    });
    expect(result.errors).toEqual([
      { path: "states", message: "Cycle detected in onEnter chain: a -> b -> c -> a" },
    ]);
  });

  it("rule 6: a cycle not through the first state starts at the cycle entry", () => {
    const result = validate({
      name: "wf",
      initialState: "start",
      states: {
        start: { onEnter: { targetState: "x" } },
        x: { onEnter: { errorState: "y" } },
        y: { onEnter: { targetState: "x" } },
      },
    });
    expect(result.errors).toEqual([
      { path: "states", message: "Cycle detected in onEnter chain: x -> y -> x" },
    ]);
  });

  it("rule 6: a self loop and event cycles", () => {
    expect(
      validate({ name: "wf", initialState: "a", states: { a: { onEnter: { targetState: "a" } } } }).errors,
    ).toEqual([{ path: "states", message: "Cycle detected in onEnter chain: a -> a" }]);
    // Event cycles are fine: only onEnter hops run automatically.
    expect(
      validate({
        name: "wf",
        initialState: "a",
        states: {
          a: { events: { go: { targetState: "b" } } },
          b: { events: { back: { targetState: "a" } } },
        },
      }).valid,
    ).toBe(true);
  });

  it("rule 7: unreachable states are warnings only", () => {
    const result = validate({
      name: "wf",
      initialState: "a",
      states: {
        a: {
          onEnter: { errorState: "viaOnEnter" },
          events: { go: { errorState: "viaError", commands: [{ name: "c" }] } },
        },
        viaOnEnter: {},
        viaError: { events: { next: { targetState: "chained" } } },
        chained: {},
        lonely: { events: { back: { targetState: "a" } } },
        orphan: {},
      },
    });
    expect(result.valid).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      { path: "states.lonely", message: 'State "lonely" is unreachable from initial state "a"' },
      { path: "states.orphan", message: 'State "orphan" is unreachable from initial state "a"' },
    ]);
  });

  it("rule 7: no reachability warnings when the initial state is missing", () => {
    const result = validate({ name: "wf", initialState: "x", states: { a: {}, b: {} } });
    expect(result.warnings).toEqual([]);
  });

  it("reports every problem at once in evaluation order", () => {
    const result = validate({
      name: " ",
      initialState: "missing",
      states: {
        a: { onEnter: { targetState: "b" }, events: { $x: { targetState: "a" } } },
        b: { onEnter: { targetState: "a" } },
      },
    });
    expect(result.errors.map((e) => e.path)).toEqual([
      "name",
      "initialState",
      "states.a.events.$x",
      "states",
    ]);
  });
});

describe("WorkflowValidator: own-property checks", () => {
  it.each(["toString", "constructor", "valueOf", "hasOwnProperty", "__proto__"])(
    "%s is never a state unless declared",
    (name) => {
      const result = validate({
        name: "wf",
        initialState: name,
        states: {
          a: { onEnter: { targetState: name }, events: { go: { targetState: name, errorState: name } } },
        },
      });
      expect(result.errors).toEqual([
        { path: "initialState", message: `Initial state "${name}" does not exist in states` },
        { path: "states.a.onEnter.targetState", message: `Target state "${name}" does not exist in states` },
        {
          path: "states.a.events.go.targetState",
          message: `Target state "${name}" does not exist in states`,
        },
        { path: "states.a.events.go.errorState", message: `Error state "${name}" does not exist in states` },
      ]);
    },
  );

  it("accepts Object.prototype names when they are own states", () => {
    const definition = JSON.parse(
      '{"name":"wf","initialState":"toString","states":{"toString":{"events":{"go":{"targetState":"__proto__"}}},"__proto__":{}}}',
    );
    expect(validate(definition)).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it("ignores inherited event, onEnter and timeout properties", () => {
    const proto = { onEnter: { targetState: "nowhere" }, events: { ghost: {} } };
    const state = Object.create(proto) as Record<string, unknown>;
    const result = validate({ name: "wf", initialState: "a", states: { a: state } });
    expect(result).toEqual({ valid: true, errors: [], warnings: [] });
  });
});

describe("WorkflowValidator: never throws on garbage", () => {
  it.each([
    ["null definition", null],
    ["number definition", 42],
    ["array definition", []],
    ["null states", { name: "wf", initialState: "a", states: null }],
    ["array states", { name: "wf", initialState: "a", states: [{}] }],
    ["string states", { name: "wf", initialState: "a", states: "a" }],
  ])("%s", (_label, definition) => {
    const result = validate(definition);
    expect(result.valid).toBe(false);
    expect(result.errors).toContainEqual({
      path: "states",
      message: "Workflow must have at least one state",
    });
  });

  it("reports malformed state, onEnter, events, event, commands and guard values", () => {
    const result = validate({
      name: "wf",
      initialState: "a",
      states: {
        a: { events: { e1: null, e2: "x", e3: { commands: "c" }, e4: { commands: [null, { name: 3 }] } } },
        b: null,
        c: [],
        d: { onEnter: 5 },
        e: { events: [] },
        f: { events: { g: { targetState: "a", guard: "g" } } },
        h: { events: { t: { targetState: "a", timeout: null } } },
      },
    });
    expect(result.errors).toEqual([
      { path: "states.a.events.e1", message: "Event definition must be an object" },
      { path: "states.a.events.e2", message: "Event definition must be an object" },
      {
        path: "states.a.events.e3",
        message: "Event must define at least one of: targetState, errorState, or commands",
      },
      { path: "states.a.events.e3.commands", message: "Commands must be an array" },
      {
        path: "states.a.events.e4.commands[0]",
        message: "Command reference must be an object with a string name",
      },
      {
        path: "states.a.events.e4.commands[1]",
        message: "Command reference must be an object with a string name",
      },
      { path: "states.b", message: "State definition must be an object" },
      { path: "states.c", message: "State definition must be an object" },
      { path: "states.d.onEnter", message: "onEnter must be an object" },
      { path: "states.e.events", message: "Events must be an object" },
      { path: "states.f.events.g.guard", message: "Guard reference must be an object with a string name" },
      { path: "states.h.events.t.timeout", message: "Timeout must define at least one duration field" },
    ]);
  });

  it("renders non-string references safely", () => {
    const result = validate({
      name: "wf",
      initialState: Object.create(null),
      states: { a: { events: { go: { targetState: 7 } } } },
    });
    expect(result.errors).toEqual([
      { path: "initialState", message: 'Initial state "[object Object]" does not exist in states' },
      { path: "states.a.events.go.targetState", message: 'Target state "7" does not exist in states' },
    ]);
  });

  it("ignores option values that are not sets", () => {
    expect(() => validate(minimal, { knownCommandNames: "x" as unknown as Set<string> })).not.toThrow();
    expect(() => validate(minimal, null as unknown as undefined)).not.toThrow();
  });
});
