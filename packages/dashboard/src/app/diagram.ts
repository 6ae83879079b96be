import mermaid from "mermaid";

mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
let sequence = 0;

/** A rendered diagram whose state nodes can show counts. */
export interface LiveDiagram {
  element: HTMLElement;
  setCounts(counts: Map<string, number>): void;
}

/**
 * Renders Mermaid source into an SVG (Mermaid sanitises labels in strict mode; the SVG is parsed with
 * DOMParser, which never runs scripts) and finds each state's node by its label text.
 */
export async function renderDiagram(
  source: string,
  states: string[],
  onState: (state: string) => void,
): Promise<LiveDiagram> {
  const { svg } = await mermaid.render(`diagram-${++sequence}`, source);
  const parsed = new DOMParser().parseFromString(svg, "text/html").querySelector("svg");
  const element = document.createElement("div");
  element.className = "diagram";
  if (parsed) element.append(document.adoptNode(parsed));
  const nodes = new Map<string, { label: Element; shape: SVGElement | null }>();
  for (const node of element.querySelectorAll("g.node")) {
    const text = node.textContent?.trim() ?? "";
    if (!states.includes(text) || nodes.has(text)) continue;
    const label = [...node.querySelectorAll("span, p, tspan, b")].reverse().find((e) => e.textContent?.trim() === text);
    nodes.set(text, { label: label ?? node, shape: node.querySelector("rect, polygon, path") });
    node.setAttribute("data-state", text);
    node.addEventListener("click", () => onState(text));
  }
  return {
    element,
    setCounts(counts) {
      const max = Math.max(1, ...counts.values());
      for (const [state, { label, shape }] of nodes) {
        const count = counts.get(state) ?? 0;
        label.textContent = `${state} (${count})`;
        if (shape) shape.style.fill = `rgba(59, 130, 246, ${(0.08 + 0.5 * (count / max)).toFixed(2)})`;
      }
    },
  };
}
