export { GraphBuilder } from "./graph-builder.js";
export type { Graph, GraphNode, GraphEdge, DotOptions, MermaidOptions } from "./types.js";
