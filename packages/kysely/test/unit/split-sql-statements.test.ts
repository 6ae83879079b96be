import { describe, expect, it } from "vitest";
import { splitSqlStatements } from "../../src/split-sql-statements.js";

describe("splitSqlStatements", () => {
  it("splits at top-level semicolons and drops comment-only chunks", () => {
    const script =
      "-- header; not a statement\nCREATE TABLE a (x int);\n\n/* block; */\nCREATE INDEX i ON a (x);\n-- trailing\n";
    expect(splitSqlStatements(script)).toEqual([
      "-- header; not a statement\nCREATE TABLE a (x int)",
      "/* block; */\nCREATE INDEX i ON a (x)",
    ]);
  });

  it("keeps semicolons inside strings, quoted identifiers and dollar-quoted bodies", () => {
    const script = [
      "INSERT INTO t VALUES ('a;b', 'it''s;');",
      'CREATE TABLE "odd;name" (x int);',
      "DO $$ BEGIN PERFORM 1; END $$;",
      "DO $body$ BEGIN RAISE NOTICE '$$;'; END $body$;",
      "SELECT $1::int",
    ].join("\n");
    expect(splitSqlStatements(script)).toEqual([
      "INSERT INTO t VALUES ('a;b', 'it''s;')",
      'CREATE TABLE "odd;name" (x int)',
      "DO $$ BEGIN PERFORM 1; END $$",
      "DO $body$ BEGIN RAISE NOTICE '$$;'; END $body$",
      "SELECT $1::int",
    ]);
  });

  it("returns nothing for an empty or comment-only script", () => {
    expect(splitSqlStatements("")).toEqual([]);
    expect(splitSqlStatements("  ;\n-- only a comment;\n")).toEqual([]);
  });
});
