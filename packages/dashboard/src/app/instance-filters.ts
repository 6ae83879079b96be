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

/** The sort orders the list offers: label, and the `orderBy` / `direction` query values ("" = default). */
const SORTS: { label: string; orderBy: string; direction: string }[] = [
  { label: "Newest transition first", orderBy: "", direction: "" },
  { label: "Oldest transition first", orderBy: "", direction: "asc" },
  { label: "Newest created first", orderBy: "createdAt", direction: "" },
  { label: "Oldest created first", orderBy: "createdAt", direction: "asc" },
];

/** The label of the sort order `query` asks for (the default when it names none). */
export function sortLabel(query: URLSearchParams): string {
  return SORTS[sortIndex(query)].label;
}

function sortIndex(query: URLSearchParams): number {
  const orderBy = query.get("orderBy") === "createdAt" ? "createdAt" : "";
  const direction = query.get("direction") === "asc" ? "asc" : "";
  return SORTS.findIndex((sort) => sort.orderBy === orderBy && sort.direction === direction);
}

/** `2026-12-02T10:00:00.000Z` → the local `2026-12-02T11:00` a datetime-local input shows, and back. */
function toLocal(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * The filter form of a workflow's instance list: state, definition version, one metadata key = value,
 * created / last-transition ranges and the sort order. Submitting calls `apply` with the new query (without a
 * cursor: a cursor belongs to one order and one set of filters).
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
  const current = sortIndex(query);
  const sort = h(
    "select",
    { name: "sort", "aria-label": "Sort" },
    ...SORTS.map((option, i) =>
      h("option", i === current ? { value: String(i), selected: "" } : { value: String(i) }, option.label),
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
    h("label", {}, "Sort ", sort),
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
    const chosen = SORTS[Number(sort.value)] ?? SORTS[0];
    if (chosen.orderBy) next.set("orderBy", chosen.orderBy);
    if (chosen.direction) next.set("direction", chosen.direction);
    apply(next);
  });
  return form;
}
