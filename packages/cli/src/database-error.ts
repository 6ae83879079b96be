/** A message and a hint for an error PostgreSQL (or the connection to it) raised while a command ran. */
export interface DatabaseErrorReport {
  message: string;
  hint: string;
}

const MISSING_SCHEMA =
  "The duraflows tables are missing or out of date: run `duraflows migrate up` (see `duraflows migrate status`).";

// Error classes of PostgreSQL (the first two characters of SQLSTATE) and the hint for each.
const HINTS: Record<string, string> = {
  "08": "The connection to PostgreSQL failed: check that the server is up, then run the command again.",
  "28": "PostgreSQL refused the credentials: check the user and password of --database-url.",
  "42": MISSING_SCHEMA,
  "53": "PostgreSQL is out of a resource (connections, memory or disk): try again later.",
  "57": "PostgreSQL stopped or cancelled the command (shutdown, timeout or an operator): run it again.",
  "40": "PostgreSQL aborted the transaction (serialization failure or deadlock): run the command again.",
};

const SOCKET_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH"]);

/**
 * Recognises an error of the database rather than of the CLI: one PostgreSQL sent (it carries a SQLSTATE
 * `code` and a `severity`), or a dropped connection. Those are printed as message and hint, never as a stack.
 */
export function describeDatabaseError(error: unknown): DatabaseErrorReport | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && typeof severity === "string") {
    const hint =
      (code === "42P01" || code === "42703" ? MISSING_SCHEMA : HINTS[code.slice(0, 2)]) ??
      `PostgreSQL error ${code}: see the PostgreSQL documentation of this code.`;
    return { message: `${error.message} (${code})`, hint };
  }
  if ((typeof code === "string" && SOCKET_CODES.has(code)) || /^Connection terminated/.test(error.message)) {
    return { message: error.message, hint: HINTS["08"]! };
  }
  return undefined;
}
