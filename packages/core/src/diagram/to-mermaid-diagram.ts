import type {
  WorkflowCommandRef,
  WorkflowDefinition,
  WorkflowTimeoutDefinition,
} from "../definition/types.js";
import { NodeIdAllocator } from "./node-id-allocator.js";
import type { MermaidDiagramOptions } from "./types.js";

const INDENT = "    ";
const STATE_CLASS_DEF =
  "classDef stateNode fill:#f1f5f9,stroke:#64748b,stroke-width:2px,color:#1e293b,font-size:20px";
const HOURGLASS = "\u29D6";
const BOLT = "\u{1F5F2}";

type EdgeKind = "plain" | "success" | "error";

/**
 * HTML-escapes label text. Backticks are escaped too: next to the label's quotes Mermaid reads them as the
 * delimiters of a Markdown string, which breaks the diagram.
 */
function escapeLabel(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/`/g, "&#96;");
}

function formatDuration(timeout: WorkflowTimeoutDefinition): string {
  const parts: string[] = [];
  if (timeout.afterDays) parts.push(`${timeout.afterDays}d`);
  if (timeout.afterHours) parts.push(`${timeout.afterHours}h`);
  if (timeout.afterMinutes) parts.push(`${timeout.afterMinutes}m`);
  return parts.join(" ");
}

function isSet(value: string | null | undefined): value is string {
  return value !== undefined && value !== null;
}

/**
 * Renders a workflow definition as a Mermaid flowchart: one node per state, a rounded node per drawn event
 * and onEnter, green success edges, red dashed error edges. The output ends with a single newline.
 *
 * @example
 * ```ts
 * const text = toMermaidDiagram(orderWorkflow, { direction: "LR", showCommands: true });
 * ```
 */
export function toMermaidDiagram(
  definition: WorkflowDefinition,
  options: MermaidDiagramOptions = {},
): string {
  const direction = options.direction ?? "TB";
  const showCommands = options.showCommands ?? false;
  const ids = new NodeIdAllocator();
  const stateNames = Object.keys(definition.states);
  const stateId = (name: string): string => ids.idFor(`state:${name}`, name);
  const edgesByKind: Record<EdgeKind, number[]> = { plain: [], success: [], error: [] };
  let edgeCount = 0;
  const edge = (from: string, to: string, kind: EdgeKind): string => {
    edgesByKind[kind].push(edgeCount++);
    return `${INDENT}${from} --> ${to}`;
  };
  const commandSuffix = (commands: WorkflowCommandRef[] | undefined): string => {
    if (!showCommands || !commands || commands.length === 0) return "";
    return `<br/><small><i>${commands.map((command) => escapeLabel(command.name)).join("<br/>")}</i></small>`;
  };

  const lines: string[] = [`flowchart ${direction}`, "", `${INDENT}${STATE_CLASS_DEF}`, ""];
  lines.push(`${INDENT}_start@{ shape: sm-circ }`);
  for (const name of stateNames) {
    lines.push(`${INDENT}${stateId(name)}["<b>${escapeLabel(name)}</b>"]:::stateNode`);
  }
  const terminals = stateNames.filter((name) => {
    const state = definition.states[name];
    const hasEvents =
      state.events !== undefined && state.events !== null && Object.keys(state.events).length > 0;
    return !hasEvents && !isSet(state.onEnter?.targetState);
  });
  if (terminals.length > 0) lines.push(`${INDENT}_end@{ shape: framed-circle }`);
  lines.push("");
  lines.push(edge("_start", stateId(definition.initialState), "plain"), "");

  for (const name of stateNames) {
    const state = definition.states[name];
    const block: string[] = [];
    const from = stateId(name);
    const addNode = (nodeId: string, label: string, target?: string | null, error?: string | null): void => {
      block.push(`${INDENT}${nodeId}(["${label}"])`, edge(from, nodeId, "plain"));
      if (isSet(target)) block.push(edge(nodeId, stateId(target), "success"));
      if (isSet(error)) block.push(edge(nodeId, stateId(error), "error"));
    };
    const onEnter = state.onEnter;
    if (onEnter && (isSet(onEnter.targetState) || isSet(onEnter.errorState))) {
      const nodeId = ids.idFor(`onEnter:${name}`, `${from}__onEnter`);
      addNode(nodeId, `${BOLT}${commandSuffix(onEnter.commands)}`, onEnter.targetState, onEnter.errorState);
    }
    const events = state.events ?? {};
    for (const eventName of Object.keys(events)) {
      const event = events[eventName];
      if (!isSet(event.targetState) && !isSet(event.errorState)) continue;
      const nodeId = ids.idFor(JSON.stringify([name, eventName]), `${from}__${eventName}`);
      const timeout = event.timeout ? ` ${HOURGLASS}${formatDuration(event.timeout)}` : "";
      const label = `${escapeLabel(eventName)}${timeout}${commandSuffix(event.commands)}`;
      addNode(nodeId, label, event.targetState, event.errorState);
    }
    if (block.length > 0) lines.push(...block, "");
  }

  if (terminals.length > 0) {
    for (const name of terminals) lines.push(edge(stateId(name), "_end", "plain"));
    lines.push("");
  }

  lines.push(`${INDENT}linkStyle ${edgesByKind.plain.join(",")} stroke-width:3px`);
  if (edgesByKind.success.length > 0) {
    lines.push(`${INDENT}linkStyle ${edgesByKind.success.join(",")} stroke:#22c55e,stroke-width:3px`);
  }
  if (edgesByKind.error.length > 0) {
    lines.push(
      `${INDENT}linkStyle ${edgesByKind.error.join(",")} stroke:#dc3545,stroke-width:3px,stroke-dasharray:5`,
    );
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
