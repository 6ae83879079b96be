import { get, post } from "./api.js";
import { renderDiagram } from "./diagram.js";
import { h, link, table } from "./dom.js";

interface VersionRow {
  version: number;
  contentHash: string;
  registeredAt: string;
  activeInstances: number;
}
interface Side {
  version: number;
  states: string[];
  diagram: string;
}
interface Split {
  added: string[];
  removed: string[];
  changed?: string[];
  unchanged: string[];
}
interface DiffAnswer {
  from: Side;
  to: Side;
  diff: { states: Split; events: Split; commands: Split };
}
interface StatePlanEntry {
  fromState: string;
  toState: string | null;
  via: "mapping" | "same name" | null;
  skipReason: string | null;
  instances: number | null;
}
interface DryRun {
  fromVersion: number;
  toVersion: number;
  plan: StatePlanEntry[];
  migrated: { uuid: string; fromState: string; toState: string }[];
  skipped: { uuid: string; reason: string }[];
  failed: { uuid: string; error: string }[];
  nextCursor: string | null;
  warnings: string[];
}

const enc = encodeURIComponent;

function changes(title: string, split: Split): HTMLElement {
  const item = (mark: string, cls: string, name: string) => h("li", { class: cls }, `${mark} ${name}`);
  return h(
    "section",
    { class: "changes" },
    h("h3", {}, title),
    h(
      "ul",
      {},
      ...split.added.map((n) => item("+", "added", n)),
      ...split.removed.map((n) => item("−", "removed", n)),
      ...(split.changed ?? []).map((n) => item("~", "changed", n)),
      ...split.unchanged.map((n) => item("=", "unchanged", n)),
    ),
  );
}

function plan(result: DryRun): HTMLElement {
  const count = (n: number | null) => (n === null ? "—" : n);
  return h(
    "section",
    { "data-testid": "dry-run" },
    h("h2", {}, "Migration plan (dry run, nothing written)"),
    ...result.warnings.map((w) => h("p", { class: "note" }, w)),
    h("h3", {}, "State mapping"),
    h(
      "div",
      { "data-testid": "state-plan" },
      table(
        [`State in v${result.fromVersion}`, `State in v${result.toVersion}`, "How", "Instances"],
        result.plan.map((row) => [
          row.fromState,
          row.toState ?? "not migrated",
          row.toState === null ? `skipped: ${row.skipReason}` : (row.via ?? ""),
          count(row.instances),
        ]),
      ),
    ),
    h("h3", {}, "Instances"),
    h(
      "p",
      {},
      `${result.migrated.length} would move, ${result.skipped.length} skipped, ${result.failed.length} failed`,
    ),
    table(
      ["Instance", "From state", "To state"],
      result.migrated.map((m) => [link(`#/instance/${m.uuid}`, m.uuid), m.fromState, m.toState]),
    ),
    result.skipped.length
      ? table(
          ["Skipped", "Reason"],
          result.skipped.map((s) => [s.uuid, s.reason]),
        )
      : "",
    result.failed.length
      ? table(
          ["Failed", "Error"],
          result.failed.map((f) => [f.uuid, f.error]),
        )
      : "",
    result.nextCursor ? h("p", {}, "More instances follow beyond this page.") : "",
  );
}

/** The versions page: stored versions, and with two picked, their diff, both diagrams and a dry run. */
export async function versionsPage(
  name: string,
  from: number | undefined,
  to: number | undefined,
  canWrite: boolean,
): Promise<Node[]> {
  const { items } = await get<{ items: VersionRow[] }>(`workflows/${enc(name)}/versions`);
  const nodes: Node[] = [
    h("h1", {}, `Versions of ${name}`),
    table(
      ["Version", "Registered", "Active instances", "Content hash"],
      items.map((v) => [String(v.version), v.registeredAt, v.activeInstances, v.contentHash.slice(0, 19)]),
    ),
  ];
  const pick = (label: string, value: number | undefined) =>
    h(
      "select",
      { name: label, "aria-label": `${label} version` },
      ...items.map((v) =>
        h(
          "option",
          v.version === value ? { value: String(v.version), selected: "" } : { value: String(v.version) },
          `v${v.version}`,
        ),
      ),
    ) as HTMLSelectElement;
  const fromPick = pick("from", from ?? items[1]?.version);
  const toPick = pick("to", to ?? items[0]?.version);
  const form = h(
    "form",
    { class: "compare" },
    fromPick,
    " → ",
    toPick,
    h("button", { type: "submit" }, "Compare"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/workflow/${enc(name)}/versions/${fromPick.value}/${toPick.value}`;
  });
  nodes.push(form);
  if (from === undefined || to === undefined) return nodes;
  const answer = await get<DiffAnswer>(`workflows/${enc(name)}/versions/${from}/diff/${to}`);
  const diagrams = await Promise.all(
    [answer.from, answer.to].map(async (side) => {
      const diagram = await renderDiagram(side.diagram, side.states, () => undefined);
      return h("div", { class: "side" }, h("h2", {}, `Version ${side.version}`), diagram.element);
    }),
  );
  const result = h("div", {});
  // One select per state of the source version: its target in the other version ("" = the default rule).
  const mapping = answer.from.states.map((state) => {
    const fallback = answer.to.states.includes(state)
      ? `${state} (same name)`
      : "not migrated (no such state)";
    const select = h(
      "select",
      { name: `map-${state}`, "aria-label": `State ${state} in version ${to}` },
      h("option", { value: "" }, fallback),
      ...answer.to.states.map((target) => h("option", { value: target }, target)),
    ) as HTMLSelectElement;
    return { state, select };
  });
  const mappingForm = h(
    "fieldset",
    { class: "mapping" },
    h("legend", {}, `State mapping v${from} → v${to}`),
    ...mapping.map(({ state, select }) => h("label", {}, `${state} → `, select)),
  );
  const dryRun = canWrite
    ? h(
        "button",
        {
          type: "button",
          click: async () => {
            try {
              const stateMapping = Object.fromEntries(
                mapping
                  .filter(({ select }) => select.value !== "")
                  .map(({ state, select }) => [state, select.value]),
              );
              const body = { fromVersion: from, toVersion: to, stateMapping };
              result.replaceChildren(
                plan(await post<DryRun>(`workflows/${enc(name)}/migration-dry-run`, body)),
              );
            } catch (error) {
              result.replaceChildren(h("p", { class: "error" }, (error as Error).message));
            }
          },
        },
        `Dry-run migration v${from} → v${to}`,
      )
    : "";
  nodes.push(
    h(
      "div",
      { class: "diff", "data-testid": "diff" },
      changes("States", answer.diff.states),
      changes("Events", answer.diff.events),
      changes("Commands", answer.diff.commands),
    ),
    h("div", { class: "sides" }, ...diagrams),
    ...(canWrite ? [mappingForm] : []),
    h("p", {}, dryRun),
    result,
  );
  return nodes;
}
