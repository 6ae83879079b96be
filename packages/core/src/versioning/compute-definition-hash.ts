import { createHash } from "node:crypto";
import type { WorkflowDefinition } from "../definition/types.js";

/** Serializes a JSON value with object keys sorted by plain string comparison. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    // Serialized by hand: rebuilding an object would let JS reorder integer-like keys ahead of the sort.
    const members = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Content hash of a definition: `"sha256:" + hex(SHA-256(canonical JSON))`. The root `version` and
 * `versionPolicy` are excluded, object keys are sorted, `undefined` members dropped.
 *
 * @example
 * ```ts
 * computeDefinitionHash({ name: "wf", initialState: "a", states: { a: {} } }); // "sha256:…"
 * ```
 */
export function computeDefinitionHash(definition: WorkflowDefinition): string {
  const root: Record<string, unknown> = { ...definition };
  delete root.version;
  delete root.versionPolicy;
  // JSON.parse keeps an own "__proto__" key as plain data, so it survives as ordinary content.
  const json: unknown = JSON.parse(JSON.stringify(root));
  return `sha256:${createHash("sha256").update(canonicalJson(json)).digest("hex")}`;
}
