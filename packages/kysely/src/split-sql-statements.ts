const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/**
 * Splits a PostgreSQL script into its statements at top-level semicolons, skipping semicolons inside
 * comments, quoted strings and identifiers, and dollar-quoted bodies (`DO $$ … $$`). Chunks holding only
 * comments or whitespace are dropped. Needed because drivers that always use the extended protocol (PGlite,
 * and `pg` whenever parameters are bound) accept one statement per query.
 *
 * @internal
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let hasCode = false;
  let i = 0;
  const flush = (end: number): void => {
    const statement = script.slice(start, end).trim();
    if (hasCode && statement.length > 0) statements.push(statement);
    hasCode = false;
  };
  while (i < script.length) {
    const char = script[i];
    const next = script[i + 1];
    if (char === "-" && next === "-") {
      const newline = script.indexOf("\n", i);
      i = newline === -1 ? script.length : newline + 1;
    } else if (char === "/" && next === "*") {
      const close = script.indexOf("*/", i + 2);
      i = close === -1 ? script.length : close + 2;
    } else if (char === "'" || char === '"') {
      hasCode = true;
      i = skipQuoted(script, i, char);
    } else if (char === "$" && DOLLAR_TAG.test(script.slice(i, i + 64))) {
      hasCode = true;
      const tag = DOLLAR_TAG.exec(script.slice(i, i + 64))![0];
      const close = script.indexOf(tag, i + tag.length);
      i = close === -1 ? script.length : close + tag.length;
    } else if (char === ";") {
      flush(i);
      i += 1;
      start = i;
    } else {
      if (!/\s/.test(char)) hasCode = true;
      i += 1;
    }
  }
  flush(script.length);
  return statements;
}

/** Index just past the quoted text opened at `open`; a doubled quote character is an escaped quote. */
function skipQuoted(script: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < script.length) {
    if (script[i] === quote) {
      if (script[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return script.length;
}
