import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../src/definition/types.js";
import { toMermaidDiagram } from "../src/diagram/to-mermaid-diagram.js";
import { NodeIdAllocator } from "../src/diagram/node-id-allocator.js";
import { readFixture } from "./support/read-fixture.js";

const ticket: WorkflowDefinition = {
  name: "ticket",
  initialState: "open",
  states: {
    open: {
      events: {
        Assign: { targetState: "working", commands: [{ name: "notify<agent>" }] },
        Drop: { targetState: "closed" },
        Ping: { commands: [{ name: "ping" }] },
      },
    },
    working: {
      onEnter: { targetState: "review", errorState: "stuck", commands: [{ name: "prepare" }] },
      events: { Abort: { errorState: "stuck", commands: [{ name: "x" }] } },
    },
    review: { events: { Expire: { targetState: "closed", timeout: { afterMinutes: 30, afterHours: 2 } } } },
    stuck: { onEnter: { errorState: "closed", commands: [{ name: "alert" }] } },
    closed: {},
  },
};

const lines = (text: string): string[] => text.split("\n");

describe("toMermaidDiagram: golden outputs", () => {
  it("matches the order-workflow fixture byte for byte with default options", () => {
    const definition = JSON.parse(readFixture("order-workflow.json")) as WorkflowDefinition;
    const expected = readFixture("order-workflow.mmd");
    expect(toMermaidDiagram(definition)).toBe(expected);
    expect(expected).toContain("TimeOut ⧖14d");
    expect(expected.endsWith("stroke-dasharray:5\n")).toBe(true);
  });

  it("matches the worked example (LR, showCommands) byte for byte", () => {
    const expected = readFixture("ticket-workflow.mmd");
    expect(toMermaidDiagram(ticket, { direction: "LR", showCommands: true })).toBe(expected);
  });
});

describe("toMermaidDiagram: rules", () => {
  it("defaults to TB, hides commands, ends with exactly one newline and never emits Font Awesome tokens", () => {
    const text = toMermaidDiagram(ticket);
    expect(text.startsWith("flowchart TB\n\n")).toBe(true);
    expect(text).not.toContain("<small>");
    expect(text).toContain('    open__Assign(["Assign"])');
    expect(text).toContain('    working__onEnter(["🗲"])');
    expect(text.endsWith("\n")).toBe(true);
    expect(text.endsWith("\n\n")).toBe(false);
    expect(text).not.toMatch(/fa:fa-/);
    expect(text).not.toMatch(/[ \t]+\n/);
  });

  it("does not draw command-only events", () => {
    const text = toMermaidDiagram(ticket, { showCommands: true });
    expect(text).not.toContain("Ping");
    expect(text).not.toContain("ping");
  });

  it("treats a state whose onEnter has only an errorState as terminal", () => {
    const text = toMermaidDiagram(ticket);
    expect(text).toContain("    stuck --> _end\n");
    expect(text).not.toContain("working --> _end");
  });

  it("omits the end node when no state is terminal", () => {
    const text = toMermaidDiagram({
      name: "loop",
      initialState: "a",
      states: { a: { events: { go: { targetState: "b" } } }, b: { onEnter: { targetState: "a" } } },
    });
    expect(text).not.toContain("_end");
    expect(lines(text).slice(-3)).toEqual([
      "    linkStyle 0,1,3 stroke-width:3px",
      "    linkStyle 2,4 stroke:#22c55e,stroke-width:3px",
      "",
    ]);
  });

  it("emits only the plain linkStyle line for a single-state workflow", () => {
    expect(toMermaidDiagram({ name: "one", initialState: "only", states: { only: {} } })).toBe(
      [
        "flowchart TB",
        "",
        "    classDef stateNode fill:#f1f5f9,stroke:#64748b,stroke-width:2px,color:#1e293b,font-size:20px",
        "",
        "    _start@{ shape: sm-circ }",
        '    only["<b>only</b>"]:::stateNode',
        "    _end@{ shape: framed-circle }",
        "",
        "    _start --> only",
        "",
        "    only --> _end",
        "",
        "    linkStyle 0,1 stroke-width:3px",
        "",
      ].join("\n"),
    );
  });

  it("formats durations as days, hours, minutes", () => {
    const text = toMermaidDiagram({
      name: "t",
      initialState: "a",
      states: {
        a: { events: { T: { targetState: "b", timeout: { afterDays: 1, afterHours: 12 } } } },
        b: { events: { U: { targetState: "c", timeout: { afterMinutes: 5, afterDays: 2, afterHours: 0 } } } },
        c: {},
      },
    });
    expect(text).toContain('    a__T(["T ⧖1d 12h"])');
    expect(text).toContain('    b__U(["U ⧖2d 5m"])');
  });

  it("escapes labels and command names, ampersand first", () => {
    const text = toMermaidDiagram(
      {
        name: "esc",
        initialState: 'A&<"B">',
        states: {
          'A&<"B">': { events: { "x&y<z>": { targetState: "end", commands: [{ name: 'c"&amp;' }] } } },
          end: {},
        },
      },
      { showCommands: true },
    );
    expect(text).toContain('    A___B__["<b>A&amp;&lt;&quot;B&quot;&gt;</b>"]:::stateNode');
    expect(text).toContain('(["x&amp;y&lt;z&gt;<br/><small><i>c&quot;&amp;amp;</i></small>"])');
  });

  it("joins several command names with <br/>", () => {
    const text = toMermaidDiagram(
      {
        name: "c",
        initialState: "a",
        states: {
          a: { events: { go: { targetState: "b", commands: [{ name: "one" }, { name: "two" }] } } },
          b: {},
        },
      },
      { showCommands: true },
    );
    expect(text).toContain('    a__go(["go<br/><small><i>one<br/>two</i></small>"])');
  });
});

describe("toMermaidDiagram: node ids", () => {
  it("sanitizes and de-duplicates state ids in definition order", () => {
    const text = toMermaidDiagram({
      name: "ids",
      initialState: "a b",
      states: {
        "a b": { events: { go: { targetState: "a_b" } } },
        a_b: {},
        "*start": {},
        "-end": {},
        "": {},
      },
    });
    expect(text).toContain('    a_b["<b>a b</b>"]:::stateNode');
    expect(text).toContain('    a_b_2["<b>a_b</b>"]:::stateNode');
    expect(text).toContain('    _start_2["<b>*start</b>"]:::stateNode');
    expect(text).toContain('    _end_2["<b>-end</b>"]:::stateNode');
    expect(text).toContain('    _node["<b></b>"]:::stateNode');
    expect(text).toContain("    _start --> a_b\n");
    expect(text).toContain("    a_b__go --> a_b_2\n");
  });

  it("de-duplicates event node ids across states", () => {
    const text = toMermaidDiagram({
      name: "ids",
      initialState: "a",
      states: {
        a: { events: { b__c: { targetState: "a__b" } } },
        a__b: { events: { c: { targetState: "a" } } },
      },
    });
    expect(text).toContain('    a__b__c(["b__c"])');
    expect(text).toContain('    a__b__c_2(["c"])');
    expect(text).toContain("    a__b --> a__b__c_2\n");
  });

  it("allocates state ids before any event id", () => {
    const text = toMermaidDiagram({
      name: "ids",
      initialState: "x",
      states: { x: { events: { y: { targetState: "x__y" } } }, x__y: {} },
    });
    expect(text).toContain('    x__y["<b>x__y</b>"]:::stateNode');
    expect(text).toContain('    x__y_2(["y"])');
  });

  it("NodeIdAllocator memoises per key and reserves _start/_end", () => {
    const ids = new NodeIdAllocator();
    expect(ids.idFor("k1", "_start")).toBe("_start_2");
    expect(ids.idFor("k2", "_end")).toBe("_end_2");
    expect(ids.idFor("k3", "a-b")).toBe("a_b");
    expect(ids.idFor("k3", "ignored")).toBe("a_b");
    expect(ids.idFor("k4", "a.b")).toBe("a_b_2");
    expect(ids.idFor("k5", "a_b_2")).toBe("a_b_2_2");
    expect(ids.idFor("k6", "é")).toBe("_");
    expect(ids.idFor("k7", "")).toBe("_node");
    expect(ids.idFor("k8", "")).toBe("_node_2");
  });
});
