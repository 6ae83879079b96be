/** Nested `{ d: … }` objects, `levels` deep, ending in a string. */
export function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: "bottom" };
  for (let i = 0; i < levels; i++) value = { d: value };
  return value;
}

/**
 * Payloads every store must keep byte for byte (round-trip equality). `__proto__`/`constructor` keys come from
 * JSON.parse, i.e. as own data properties, exactly as a request body delivers them.
 */
export function storablePayloads(longLength: number): Record<string, Record<string, unknown>> {
  return {
    quotes: { q: `'"\`\\ \\' \\" ''`, r: "\\u0000 as text, not a NUL" },
    sql: { s: "'); DROP TABLE workflow_instances; --", t: "$1 $$ E'\\x00' ; SELECT pg_sleep(10);" },
    prototypeKeys: JSON.parse(
      '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "nested": {"__proto__": {"polluted": 1}}}',
    ) as Record<string, unknown>,
    long: { l: "x".repeat(longLength), m: "é😀".repeat(1000) },
    unicode: { e: "😀 é 中文 \u2028\u2029 \ufeff \u{10FFFF}", ["ключ 🔑"]: "v", ["\t\n"]: "control keys" },
    deep: nested(500),
    numbers: { big: 1e308, small: -1e-300, int: Number.MAX_SAFE_INTEGER, neg: -42.5 },
    keyShapes: { "": 1, " ": 2, "a.b": 3, $where: 4, null: null, "0": [null, true, [], {}] },
  };
}

/** Payloads no JSON store can keep faithfully, with the path the up-front error must name. */
export function unstorablePayloads(
  inProcess: boolean,
): { label: string; value: Record<string, unknown>; path: string }[] {
  const list = [
    { label: "NUL in a value", value: { s: "a\u0000b" }, path: ".s" },
    { label: "NUL in a key", value: { ["k\u0000"]: 1 }, path: '["k\\u0000"]' },
    { label: "lone high surrogate", value: { s: "x\ud83d" }, path: ".s" },
    { label: "lone low surrogate", value: { deeper: { s: "\ude00x" } }, path: ".deeper.s" },
    { label: "nesting deeper than 1000 levels", value: nested(1_200), path: ".d.d" },
  ];
  // JSON text cannot express these; only an in-process caller can pass them.
  if (inProcess) {
    list.push(
      { label: "NaN", value: { n: Number.NaN }, path: ".n" },
      { label: "Infinity", value: { n: Number.POSITIVE_INFINITY }, path: ".n" },
    );
  }
  return list;
}

/** Proof that nothing reached Object.prototype: no `polluted` anywhere, same own names as at the start. */
export function prototypeSnapshot(): string {
  return JSON.stringify({
    names: Object.getOwnPropertyNames(Object.prototype).sort(),
    polluted: ({} as Record<string, unknown>).polluted ?? null,
    arrayPolluted: ([] as unknown as Record<string, unknown>).polluted ?? null,
  });
}

/**
 * JSON text with keys sorted, built from own keys only — so an own `__proto__` key counts like any other
 * (a deep-equality helper might skip it). jsonb reorders keys, so sorting is needed for equality.
 */
export function canonicalJson(value: unknown): string {
  const seen = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(seen);
    if (v === null || typeof v !== "object") return v;
    const out: [string, unknown][] = Object.keys(v)
      .sort()
      .map((key) => [key, seen((v as Record<string, unknown>)[key])]);
    return out; // entries keep "__proto__" as data
  };
  return JSON.stringify(seen(value));
}
