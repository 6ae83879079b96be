/** Children accepted by {@link h}: elements, or values rendered as text (never parsed as HTML). */
export type Child = Node | string | number | null | undefined | false;

/** Creates an element with attributes and children; strings always become text nodes. */
export function h(
  tag: string,
  attributes: Record<string, string | ((event: Event) => void)> = {},
  ...children: Child[]
): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") element.addEventListener(name, value);
    else element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Pretty JSON inside a collapsible block, as text. */
export function json(label: string, value: unknown, open = true): HTMLElement {
  const details = h("details", open ? { open: "" } : {}, h("summary", {}, label));
  details.append(h("pre", {}, JSON.stringify(value, null, 2)));
  return details;
}

/** A table of rows of text or nodes. */
export function table(headers: string[], rows: Child[][]): HTMLElement {
  return h(
    "table",
    {},
    h("thead", {}, h("tr", {}, ...headers.map((text) => h("th", {}, text)))),
    h("tbody", {}, ...rows.map((row) => h("tr", {}, ...row.map((cell) => h("td", {}, cell))))),
  );
}

/** A hash link. */
export function link(hash: string, text: string): HTMLElement {
  return h("a", { href: hash }, text);
}
