import { InvalidArgumentError } from "../errors/workflow-error.js";

/**
 * Encodes the keyset position of the last row of a page (a timestamp and a uuid) as an opaque cursor.
 * Store implementations use it so every store's cursors look alike.
 */
export function encodeReadCursor(at: Date | string, uuid: string): string {
  const iso = typeof at === "string" ? at : at.toISOString();
  return Buffer.from(JSON.stringify([iso, uuid]), "utf8").toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Decodes a cursor of {@link encodeReadCursor}; anything else throws `InvalidArgumentError`. */
export function decodeReadCursor(cursor: string): { at: Date; uuid: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 2) {
    const [iso, uuid] = parsed as unknown[];
    const at = typeof iso === "string" ? new Date(iso) : new Date(Number.NaN);
    if (!Number.isNaN(at.getTime()) && typeof uuid === "string" && UUID.test(uuid)) {
      return { at, uuid: uuid.toLowerCase() };
    }
  }
  throw new InvalidArgumentError("Invalid cursor: pass the nextCursor of a previous page");
}
