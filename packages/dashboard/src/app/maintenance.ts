import { get, post } from "./api.js";
import { h } from "./dom.js";

interface WorkflowDetail {
  states: string[];
}

/** A labelled form field (label wraps the input, so every input has an accessible name). */
function field(label: string, input: HTMLElement): HTMLElement {
  return h("label", { class: "field" }, label, " ", input);
}

function input(name: string, type: string, value = ""): HTMLInputElement {
  return h("input", { name, type, value }) as HTMLInputElement;
}

function checkbox(name: string): HTMLInputElement {
  return h("input", { name, type: "checkbox" }) as HTMLInputElement;
}

/** A datetime-local value as an ISO instant, or undefined when empty. */
function isoOf(value: string): string | undefined {
  if (value === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

function integerOf(value: string): number | undefined {
  return value === "" ? undefined : Number(value);
}

/**
 * A section with a form whose button posts `body()` to `path` once confirmed; the answer is shown as text under
 * the form.
 */
function operation(
  title: string,
  testId: string,
  help: string,
  fields: HTMLElement[],
  path: () => string,
  body: () => Record<string, unknown>,
  options: { runLabel: string; confirmText: () => string },
): HTMLElement {
  const result = h("pre", { "data-testid": `${testId}-result`, hidden: "" });
  const send = async () => {
    if (!window.confirm(options.confirmText())) return;
    try {
      const answer = await post<Record<string, unknown>>(path(), body());
      result.textContent = JSON.stringify(answer, null, 2);
      result.classList.remove("error");
    } catch (error) {
      result.textContent = (error as Error).message;
      result.classList.add("error");
    }
    result.removeAttribute("hidden");
  };
  return h(
    "section",
    { class: "operation", "data-testid": testId },
    h("h2", {}, title),
    h("p", { class: "note" }, help),
    h(
      "form",
      { class: "compare" },
      ...fields,
      h("button", { type: "button", click: () => void send() }, options.runLabel),
    ),
    result,
  );
}

/**
 * The maintenance page (write permission only): move every instance of a state with one event, and maintain
 * history partitions. Each mutation is confirmed. (Pruning and purging live on the retention page.)
 */
export async function maintenancePage(canWrite: boolean): Promise<Node[]> {
  if (!canWrite) {
    return [h("h1", {}, "Maintenance"), h("p", { class: "note" }, "Maintenance needs write permission.")];
  }
  const { workflows } = await get<{ workflows: { name: string }[] }>("overview");
  const workflow = h(
    "select",
    { name: "workflow" },
    ...workflows.map((w) => h("option", { value: w.name }, w.name)),
  ) as HTMLSelectElement;
  const state = h("select", { name: "state" }) as HTMLSelectElement;
  const loadStates = async () => {
    if (workflow.value === "") return;
    const detail = await get<WorkflowDetail>(`workflows/${encodeURIComponent(workflow.value)}`);
    state.replaceChildren(...detail.states.map((s) => h("option", { value: s }, s)));
  };
  workflow.addEventListener("change", () => void loadStates());
  await loadStates();
  const eventName = input("eventName", "text");
  const limit = input("limit", "number", "1000");
  const bulk = operation(
    "Bulk transition",
    "bulk",
    "Triggers one event on every instance resting in a state (up to the limit), set-based when the event has no " +
      "guard, commands or onEnter target, one instance at a time otherwise. Your identity is recorded in each " +
      "history row.",
    [field("Workflow", workflow), field("State", state), field("Event", eventName), field("Limit", limit)],
    () => `workflows/${encodeURIComponent(workflow.value)}/trigger-many`,
    () => ({ state: state.value, eventName: eventName.value, limit: integerOf(limit.value) }),
    {
      runLabel: "Trigger",
      confirmText: () => `Trigger ${eventName.value} on up to ${limit.value} instance(s) in ${state.value}?`,
    },
  );

  const premake = input("premake", "number", "3");
  const dropBefore = input("dropBefore", "datetime-local");
  const detachOnly = checkbox("detachOnly");
  const partitions = operation(
    "History partitions",
    "partitions",
    "On a partitioned history table: creates the partitions ahead and detaches (and drops, unless 'detach " +
      "only') those ending before the date; each instance's newest row is kept.",
    [field("Ahead", premake), field("Drop before (optional)", dropBefore), field("Detach only", detachOnly)],
    () => "maintenance/partitions",
    () => ({
      premake: integerOf(premake.value),
      dropBefore: isoOf(dropBefore.value),
      detachOnly: detachOnly.checked,
    }),
    { runLabel: "Run maintenance", confirmText: () => "Run partition maintenance?" },
  );
  return [h("h1", {}, "Maintenance"), bulk, partitions];
}
