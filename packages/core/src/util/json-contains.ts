/**
 * PostgreSQL's `jsonb @>` on plain JSON values: an object contains another when every key of the other is
 * present with a contained value; an array contains another when each element of the other is contained in
 * some element; scalars contain an equal scalar.
 *
 * @internal
 */
export function jsonContains(value: unknown, part: unknown): boolean {
  if (Array.isArray(part)) {
    if (!Array.isArray(value)) return false;
    return part.every((wanted) => value.some((item) => jsonContains(item, wanted)));
  }
  if (part !== null && typeof part === "object") {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    return Object.entries(part as Record<string, unknown>).every(
      ([key, wanted]) => Object.hasOwn(record, key) && jsonContains(record[key], wanted),
    );
  }
  return value === part;
}
