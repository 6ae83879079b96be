import { readFileSync } from "node:fs";

/** Reads a file from `test/fixtures/` as UTF-8 text. */
export function readFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
}
