/**
 * Words that Mermaid's flowchart lexer reads as keywords where a node id stands (it matches them case-sensitively),
 * so a node with one of these ids breaks the whole diagram. An id equal to one of them is treated as taken and gets
 * the usual `_2`, `_3`, … suffix; the node's label still shows the original name.
 */
const MERMAID_KEYWORDS: ReadonlySet<string> = new Set([
  "end",
  "graph",
  "flowchart",
  "subgraph",
  "style",
  "linkStyle",
  "interpolate",
  "classDef",
  "class",
  "click",
  "call",
  "href",
  "_self",
  "_blank",
  "_parent",
  "_top",
]);

/**
 * Allocates Mermaid node ids for one diagram: characters outside `[A-Za-z0-9_]` become `_` (an empty result
 * becomes `_node`), collisions get `_2`, `_3`, … appended to the sanitized base, and ids are memoised per
 * logical key. `_start` and `_end` are reserved, and so are the words Mermaid reads as keywords (`end`, `graph`,
 * `subgraph`, `style`, `class`, `classDef`, `linkStyle`, `click`, …): a state named `end` gets the id `end_2`.
 *
 * @internal
 */
export class NodeIdAllocator {
  private readonly used = new Set<string>(["_start", "_end"]);
  private readonly byKey = new Map<string, string>();

  /** The id for `key`, allocating one from `raw` the first time the key is seen. */
  idFor(key: string, raw: string): string {
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    const base = raw.replace(/[^A-Za-z0-9_]/g, "_") || "_node";
    let id = base;
    for (let suffix = 2; this.used.has(id) || MERMAID_KEYWORDS.has(id); suffix++) id = `${base}_${suffix}`;
    this.used.add(id);
    this.byKey.set(key, id);
    return id;
  }
}
