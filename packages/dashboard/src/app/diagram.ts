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
  const nodes = new Map<string, { label: Element; shapes: SVGElement[] }>();
  const norm = (value: string | null) => (value ?? "").replace(/\s+/g, " ").trim();
  const byText = new Map(states.map((state) => [norm(state), state]));
  for (const node of element.querySelectorAll("g.node")) {
    const text = byText.get(norm(node.textContent));
    if (text === undefined || nodes.has(text)) continue;
    const labels = [...node.querySelectorAll("span, p, tspan, b")].reverse();
    const label = labels.find((e) => norm(e.textContent) === norm(text));
    nodes.set(text, {
      label: label ?? node,
      shapes: [...node.querySelectorAll<SVGElement>("rect, polygon, path")],
    });
    node.setAttribute("data-state", text);
    node.addEventListener("click", () => onState(text));
  }
  return {
    element,
    setCounts(counts) {
      const max = Math.max(1, ...counts.values());
      for (const [state, { label, shapes }] of nodes) {
        const count = counts.get(state) ?? 0;
        label.textContent = `${state} (${count})`;
        const fill = `rgba(59, 130, 246, ${(0.08 + 0.5 * (count / max)).toFixed(2)})`;
        for (const shape of shapes) shape.style.setProperty("fill", fill, "important");
      }
    },
  };
}
