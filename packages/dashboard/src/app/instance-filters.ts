import { h } from "./dom.js";

/** Query fields of the instance list, in the order the form shows them. */
const FIELDS: { name: string; label: string; type: string }[] = [
  { name: "version", label: "Definition version", type: "number" },
  { name: "metaKey", label: "Metadata key", type: "text" },
  { name: "metaValue", label: "Metadata value", type: "text" },
  { name: "createdFrom", label: "Created from", type: "datetime-local" },
  { name: "createdTo", label: "Created before", type: "datetime-local" },
  { name: "lastTransitionFrom", label: "Last transition from", type: "datetime-local" },
  { name: "lastTransitionTo", label: "Last transition before", type: "datetime-local" },
];
const DATES = new Set(["createdFrom", "createdTo", "lastTransitionFrom", "lastTransitionTo"]);

/** `2026-12-02T10:00:00.000Z` → the local `2026-12-02T11:00` a datetime-local input shows, and back. */
function toLocal(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * The filter form of a workflow's instance list: state, definition version, one metadata key = value, and
 * created / last-transition ranges. Submitting calls `apply` with the new query (without a cursor).
 */
export function instanceFilters(
  states: string[],
  query: URLSearchParams,
  apply: (query: URLSearchParams) => void,
): HTMLElement {
  const state = h(
    "select",
    { name: "state", "aria-label": "State" },
    h("option", { value: "" }, "any state"),
    ...states.map((s) =>
      h("option", s === query.get("state") ? { value: s, selected: "" } : { value: s }, s),
    ),
  ) as HTMLSelectElement;
  const inputs = FIELDS.map((field) => {
    const raw = query.get(field.name) ?? "";
    const value = DATES.has(field.name) && raw ? toLocal(raw) : raw;
    const input = h("input", { name: field.name, type: field.type, value }) as HTMLInputElement;
    return { field, input, label: h("label", {}, field.label, " ", input) };
  });
  const form = h(
    "form",
    { class: "filters", "aria-label": "Filter instances" },
    h("label", {}, "State ", state),
    ...inputs.map((i) => i.label),
    h("button", { type: "submit" }, "Filter"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (state.value) next.set("state", state.value);
    for (const { field, input } of inputs) {
      if (!input.value) continue;
      next.set(field.name, DATES.has(field.name) ? new Date(input.value).toISOString() : input.value);
    }
    apply(next);
  });
  return form;
}
