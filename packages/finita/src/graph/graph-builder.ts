import type { StateCollectionInterface } from "../interfaces/state-collection-interface.js";
import type { StateInterface, TransitionInterface } from "../interfaces/state-interface.js";
import type { DotOptions, Graph, GraphEdge, GraphNode, MermaidOptions } from "./types.js";

const nameOf = (value: unknown): string => {
  const named = value as { getName?: unknown } | null | undefined;
  if (named !== null && named !== undefined && typeof named.getName === "function") {
    return String((named as { getName(): unknown }).getName());
  }
  return String(value);
};

const mermaidId = (name: string): string =>
  "s_" + name.replace(/[^A-Za-z0-9]/g, (c) => "_" + c.charCodeAt(0).toString(16).padStart(4, "0"));

const dotEscape = (text: string): string => text.replace(/"/g, '\\"');

/** Collects states and transitions into a {@link Graph} and renders it as Graphviz DOT or Mermaid. */
export class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges: GraphEdge[] = [];

  /** Adds a node for the state and one edge per transition (edges are never deduplicated). */
  addState(state: StateInterface): void {
    this.ensureNode(state);
    for (const transition of state.getTransitions()) {
      const target = transition.getTargetState();
      this.ensureNode(target);
      this.edges.push(this.createEdge(state, transition));
    }
  }

  /** Adds every state of an iterable. */
  addStates(states: Iterable<StateInterface>): void {
    for (const state of states) {
      this.addState(state);
    }
  }

  /** Adds every state of a collection (including a `Process`). */
  addStateCollection(collection: StateCollectionInterface): void {
    this.addStates(collection.getStates());
  }

  /** Returns the graph as fresh arrays of nodes and edges. */
  getGraph(): Graph {
    return { nodes: [...this.nodes.values()], edges: [...this.edges] };
  }

  /** Renders Graphviz DOT (default `rankdir` "LR"); only `"` is escaped, newlines stay literal. */
  toDot({ rankdir = "LR" }: DotOptions = {}): string {
    const lines = ["digraph {", `  rankdir=${rankdir};`];
    for (const node of this.nodes.values()) {
      lines.push(`  "${dotEscape(node.id)}" [label="${dotEscape(node.label)}"];`);
    }
    for (const edge of this.edges) {
      lines.push(
        `  "${dotEscape(edge.source)}" -> "${dotEscape(edge.target)}" [label="${dotEscape(edge.label)}"];`,
      );
    }
    lines.push("}");
    return lines.join("\n");
  }

  /** Renders a Mermaid `stateDiagram-v2` (default `direction` "LR") with encoded ids. */
  toMermaid({ direction = "LR" }: MermaidOptions = {}): string {
    const lines = ["stateDiagram-v2", `  direction ${direction}`];
    for (const node of this.nodes.values()) {
      lines.push(`  ${mermaidId(node.id)} : "${node.label.replace(/"/g, "#quot;")}"`);
    }
    for (const edge of this.edges) {
      const label = edge.label.replace(/\n/g, " / ").replace(/"/g, "#quot;");
      lines.push(`  ${mermaidId(edge.source)} --> ${mermaidId(edge.target)} : ${label}`);
    }
    return lines.join("\n");
  }

  private ensureNode(state: StateInterface): void {
    const name = state.getName();
    if (!this.nodes.has(name)) {
      this.nodes.set(name, { id: name, label: name, metadata: state.getMetadata() });
    }
  }

  private createEdge(state: StateInterface, transition: TransitionInterface): GraphEdge {
    const eventName = transition.getEventName();
    // getEvent creates the event on demand; this mirrors the reference implementation.
    const event = eventName ? state.getEvent(eventName) : null;
    return {
      source: state.getName(),
      target: transition.getTargetState().getName(),
      label: this.getTransitionLabel(state, transition),
      metadata: event ? event.getMetadata() : {},
    };
  }

  /**
   * The label of the edge for `transition` leaving `state`: `E: <event>`, `C: <observer names>`,
   * `IF: <condition>` (each only when present) and `W: <weight>`, joined by newlines. Override to label edges
   * differently; reading the event's observers creates the event on demand.
   */
  protected getTransitionLabel(state: StateInterface, transition: TransitionInterface): string {
    const parts: string[] = [];
    const eventName = transition.getEventName();
    const event = eventName ? state.getEvent(eventName) : null;
    if (event) {
      parts.push(`E: ${eventName}`);
      const observers = [...event.getObservers()];
      if (observers.length > 0) {
        parts.push(`C: ${observers.map(nameOf).join(", ")}`);
      }
    }
    const conditionName = transition.getConditionName();
    if (conditionName) {
      parts.push(`IF: ${conditionName}`);
    }
    parts.push(`W: ${transition.getWeight()}`);
    return parts.join("\n");
  }
}
