import { get, post } from "./api.js";
import { h } from "./dom.js";

interface Counts {
  history: { rows: number } | null;
  instances: { instances: number } | null;
}

/** The rule fields of the form, with the defaults it starts from. */
const FIELDS: { name: string; label: string; value: string; min: string }[] = [
  { name: "historyOlderThanDays", label: "History rows older than (days)", value: "90", min: "0" },
  { name: "keepLast", label: "Keep the newest rows per instance", value: "1", min: "1" },
  { name: "terminalForDays", label: "Terminal instances idle for (days)", value: "30", min: "0" },
];

const batches = (n: number) => `${n} ${n === 1 ? "batch" : "batches"}`;

/**
 * The retention page: counts of what pruning history and purging terminal instances would delete under a rule
 * (a dry run, nothing deleted), and, for writers, the two deletions, each confirmed with the count first.
 */
export async function retentionPage(canWrite: boolean): Promise<Node[]> {
  const { workflows } = await get<{ workflows: { name: string }[] }>("overview");
  const workflow = h(
    "select",
    { name: "workflow", "aria-label": "Workflow" },
    h("option", { value: "" }, "every workflow"),
    ...workflows.map((w) => h("option", { value: w.name }, w.name)),
  ) as HTMLSelectElement;
  const inputs = FIELDS.map((field) => {
    const input = h("input", {
      name: field.name,
      type: "number",
      min: field.min,
      value: field.value,
    }) as HTMLInputElement;
    return { field, input, label: h("label", {}, field.label, " ", input) };
  });
  const rule = (): Record<string, string | number> => {
    const values: Record<string, string | number> = {};
    if (workflow.value) values.workflow = workflow.value;
    for (const { field, input } of inputs) if (input.value !== "") values[field.name] = Number(input.value);
    return values;
  };
  const output = h("div", { "data-testid": "retention-counts" });
  const status = h("p", { "data-testid": "retention-status" });
  let latest: Counts | null = null;
  const count = async () => {
    const query = new URLSearchParams(Object.entries(rule()).map(([k, v]) => [k, String(v)]));
    latest = await get<Counts>(`retention?${query}`);
    output.replaceChildren(
      h(
        "p",
        {},
        h(
          "strong",
          { "data-testid": "prunable" },
          latest.history === null ? "—" : String(latest.history.rows),
        ),
        " history rows would be pruned; ",
        h(
          "strong",
          { "data-testid": "purgeable" },
          latest.instances === null ? "—" : String(latest.instances.instances),
        ),
        " terminal instances would be purged with their history.",
      ),
    );
  };
  const guarded = (work: () => Promise<void>) => async () => {
    try {
      await work();
    } catch (error) {
      status.textContent = (error as Error).message;
    }
  };
  const form = h(
    "form",
    { class: "filters", "aria-label": "Retention rule" },
    h("label", {}, "Workflow ", workflow),
    ...inputs.map((i) => i.label),
    h("button", { type: "submit" }, "Count (dry run)"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void guarded(count)();
  });
  const act = (label: string, path: string, describe: (c: Counts) => string, done: (r: never) => string) =>
    h(
      "button",
      {
        type: "button",
        click: guarded(async () => {
          await count();
          if (!window.confirm(`${label}: ${describe(latest!)}. This cannot be undone.`)) return;
          status.textContent = done((await post(path, rule())) as never);
          await count();
        }),
      },
      label,
    );
  const actions = canWrite
    ? h(
        "p",
        {},
        act(
          "Prune history",
          "retention/prune-history",
          (c) => `delete ${c.history?.rows ?? 0} history rows`,
          (r: { rows: number; batches: number }) => `Pruned ${r.rows} history rows (${batches(r.batches)}).`,
        ),
        " ",
        act(
          "Purge instances",
          "retention/purge-instances",
          (c) => `delete ${c.instances?.instances ?? 0} terminal instances with their history`,
          (r: { instances: number; batches: number }) =>
            `Purged ${r.instances} instances (${batches(r.batches)}).`,
        ),
      )
    : h("p", { class: "note" }, "Deleting needs write permission.");
  await count();
  return [
    h("h1", {}, "Retention"),
    h(
      "p",
      {},
      "What pruning history and purging terminal instances would delete under this rule. Counting deletes " +
        "nothing; each action deletes a bounded batch per click and asks first.",
    ),
    form,
    output,
    actions,
    status,
  ];
}
