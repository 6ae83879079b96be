/** Options of `toMermaidDiagram`. */
export interface MermaidDiagramOptions {
  /** List command names under event and onEnter labels. Default `false`. */
  showCommands?: boolean;
  /** Default `"TB"`. */
  direction?: "TB" | "LR";
}
