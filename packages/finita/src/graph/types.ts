/** A graph node: one per state. */
export interface GraphNode {
  /** The node id (the state name). */
  id: string;
  /** The node label (the state name). */
  label: string;
  /** A copy of the state metadata taken when the node was created. */
  metadata: Record<string, unknown>;
}

/** A graph edge: one per transition. */
export interface GraphEdge {
  /** The source node id. */
  source: string;
  /** The target node id. */
  target: string;
  /** The label lines (`E:`, `C:`, `IF:`, `W:`) joined with "\n". */
  label: string;
  /** A copy of the event metadata, or `{}`. */
  metadata: Record<string, unknown>;
}

/** A renderer-neutral graph of states and transitions. */
export interface Graph {
  /** The nodes, in creation order. */
  nodes: GraphNode[];
  /** The edges, in creation order (never deduplicated). */
  edges: GraphEdge[];
}

/** Options of `GraphBuilder.toDot`. */
export interface DotOptions {
  /** The Graphviz `rankdir` (default "LR"). */
  rankdir?: string;
}

/** Options of `GraphBuilder.toMermaid`. */
export interface MermaidOptions {
  /** The Mermaid `direction` (default "LR"). */
  direction?: string;
}
