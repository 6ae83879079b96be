import { CallbackObserver, GraphBuilder, Process, State, Tautology, Transition } from "../src/index.js";

const sample = () => {
  const s1 = new State("s1");
  const s2 = new State("s2");
  s1.setMetadataValue("initial", true);
  s1.addTransition(new Transition(s2, "go", new Tautology("isReady")));
  return { s1, s2 };
};

describe("GraphBuilder", () => {
  it("collects nodes and edges with metadata and labels", () => {
    const { s1 } = sample();
    s1.getEvent("go").setMetadataValue("k", "v");
    const builder = new GraphBuilder();
    builder.addState(s1);
    expect(builder.getGraph()).toEqual({
      nodes: [
        { id: "s1", label: "s1", metadata: { initial: true } },
        { id: "s2", label: "s2", metadata: {} },
      ],
      edges: [{ source: "s1", target: "s2", label: "E: go\nIF: isReady\nW: 1", metadata: { k: "v" } }],
    });
  });

  it("never deduplicates edges but deduplicates nodes; returns fresh arrays", () => {
    const { s1 } = sample();
    const builder = new GraphBuilder();
    builder.addState(s1);
    builder.addState(s1);
    const graph = builder.getGraph();
    expect(graph.nodes).toHaveLength(2);
    expect(graph.edges).toHaveLength(2);
    expect(builder.getGraph().nodes).not.toBe(graph.nodes);
  });

  it("labels commands and weights and copies metadata at node creation", () => {
    const a = new State("a");
    const b = new State("b");
    const t = new Transition(b, "go");
    t.setWeight(2.5);
    a.addTransition(t);
    a.getEvent("go").attach({ getName: () => "SendMail", update: () => undefined } as never);
    a.getEvent("go").attach(new CallbackObserver(() => undefined));
    a.addTransition(new Transition(b));
    const builder = new GraphBuilder();
    builder.addState(a);
    a.setMetadataValue("late", 1);
    const { nodes, edges } = builder.getGraph();
    expect(nodes[0].metadata).toEqual({});
    expect(edges.map((e) => e.label)).toEqual(["E: go\nC: SendMail, [object Object]\nW: 2.5", "W: 1"]);
    expect(edges[1].metadata).toEqual({});
  });

  it("adds collections and processes", () => {
    const { s1 } = sample();
    const builder = new GraphBuilder();
    builder.addStateCollection(new Process("p", s1));
    expect(builder.getGraph().edges).toHaveLength(1);
    const other = new GraphBuilder();
    other.addStates([s1]);
    expect(other.getGraph().nodes).toHaveLength(2);
  });

  it("renders DOT exactly, with literal newlines and escaped quotes", () => {
    const { s1 } = sample();
    const builder = new GraphBuilder();
    builder.addState(s1);
    expect(builder.toDot()).toBe(
      [
        "digraph {",
        "  rankdir=LR;",
        '  "s1" [label="s1"];',
        '  "s2" [label="s2"];',
        '  "s1" -> "s2" [label="E: go\nIF: isReady\nW: 1"];',
        "}",
      ].join("\n"),
    );
    const quoted = new State('say "hi"');
    quoted.addTransition(new Transition(quoted, "x", new Tautology('is "ok"')));
    const q = new GraphBuilder();
    q.addState(quoted);
    expect(q.toDot({ rankdir: "TB" })).toBe(
      [
        "digraph {",
        "  rankdir=TB;",
        '  "say \\"hi\\"" [label="say \\"hi\\""];',
        '  "say \\"hi\\"" -> "say \\"hi\\"" [label="E: x\nIF: is \\"ok\\"\nW: 1"];',
        "}",
      ].join("\n"),
    );
  });

  it("renders Mermaid exactly", () => {
    const { s1 } = sample();
    const active = new State("active");
    active.addTransition(new Transition(new State("expired"), null, new Tautology("timeout")));
    const builder = new GraphBuilder();
    builder.addState(s1);
    builder.addState(active);
    expect(builder.toMermaid()).toBe(
      [
        "stateDiagram-v2",
        "  direction LR",
        '  s_s1 : "s1"',
        '  s_s2 : "s2"',
        '  s_active : "active"',
        '  s_expired : "expired"',
        "  s_s1 --> s_s2 : E: go / IF: isReady / W: 1",
        "  s_active --> s_expired : IF: timeout / W: 1",
      ].join("\n"),
    );
    expect(builder.toMermaid({ direction: "TB" }).split("\n")[1]).toBe("  direction TB");
  });

  it("encodes Mermaid ids and escapes quotes in labels", () => {
    const builder = new GraphBuilder();
    const names = ["in progress", 'say "hello"', "a-b", "a b", "new"];
    for (const name of names) builder.addState(new State(name));
    const source = new State("x");
    source.addTransition(new Transition(new State("y"), "go", new Tautology('is "ok"')));
    builder.addState(source);
    const lines = builder.toMermaid().split("\n");
    expect(lines.slice(2, 7)).toEqual([
      '  s_in_0020progress : "in progress"',
      '  s_say_0020_0022hello_0022 : "say #quot;hello#quot;"',
      '  s_a_002db : "a-b"',
      '  s_a_0020b : "a b"',
      '  s_new : "new"',
    ]);
    expect(lines.at(-1)).toBe("  s_x --> s_y : E: go / IF: is #quot;ok#quot; / W: 1");
  });

  it("creates missing events while building labels", () => {
    const a = new State("a");
    let eventName: string | null = null;
    a.addTransition({
      getTargetState: () => a,
      getEventName: () => eventName,
      getConditionName: () => null,
      getCondition: () => null,
      getWeight: () => 1,
      isActive: async () => false,
    });
    eventName = "ghost";
    expect(a.hasEvent("ghost")).toBe(false);
    new GraphBuilder().addState(a);
    expect(a.hasEvent("ghost")).toBe(true);
  });
});
