import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { FinitaError, WrongEventForStateError } from "../src/index.js";

type ErrorClass = new (...args: never[]) => Error;
type Module = Record<string, unknown>;

const dist = (file: string): string => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

function requireBuilt(file: string): void {
  if (!existsSync(dist(file)))
    throw new Error(`packages/finita/dist/${file} is missing: run pnpm build first`);
}

/** One instance of every concrete exported error class, created through the given copy of the package. */
const factories: Record<string, (m: Module) => Error> = {
  DuplicateStateError: (m) => new (m.DuplicateStateError as new (s: string) => Error)("a"),
  DuplicateTransitionError: (m) =>
    new (m.DuplicateTransitionError as new (s: string, e: string | null, t: string, c: unknown) => Error)(
      "a",
      "go",
      "b",
      ["x", null],
    ),
  GraphValidationError: (m) =>
    new (m.GraphValidationError as new (c: string, msg: string) => Error)("orphanState", "orphan"),
  InvalidTransitionError: (m) => new (m.InvalidTransitionError as new (msg: string) => Error)("bad"),
  LockCanNotBeAcquiredError: (m) => new (m.LockCanNotBeAcquiredError as new () => Error)(),
  ProcessFinalizedError: (m) => new (m.ProcessFinalizedError as new (p: string) => Error)("p"),
  WrongEventForStateError: (m) =>
    new (m.WrongEventForStateError as new (s: string, e: string) => Error)("a", "go"),
};
const allClasses = [...Object.keys(factories), "FinitaError"].sort();

/** Exported classes whose instances are errors (found through the ordinary prototype test). */
function errorClassNames(m: Module): string[] {
  return Object.keys(m)
    .filter((name) => {
      const value = m[name];
      return typeof value === "function" && value.prototype instanceof Error;
    })
    .sort();
}

/** Plain prototype-chain `instanceof`, blind to brands. */
const ordinaryInstanceOf = (value: unknown, cls: unknown): boolean =>
  Function.prototype[Symbol.hasInstance].call(cls as ErrorClass, value);

async function loadBoth(): Promise<{ esm: Module; cjs: Module }> {
  requireBuilt("index.js");
  requireBuilt("index.cjs");
  const esm = (await import(pathToFileURL(dist("index.js")).href)) as Module;
  const cjs = createRequire(import.meta.url)(dist("index.cjs")) as Module;
  return { esm, cjs };
}

describe("instanceof across the ESM and CommonJS builds loaded in one process", () => {
  it("covers every exported error class", async () => {
    const { esm, cjs } = await loadBoth();
    expect(esm.FinitaError).not.toBe(cjs.FinitaError);
    expect(errorClassNames(esm)).toEqual(allClasses);
    expect(errorClassNames(cjs)).toEqual(allClasses);
  });

  for (const [from, to] of [
    ["esm", "cjs"],
    ["cjs", "esm"],
  ] as const) {
    it(`an error created by the ${from.toUpperCase()} build matches the same class and FinitaError from the ${to.toUpperCase()} build, and no sibling`, async () => {
      const copies = await loadBoth();
      const source = copies[from];
      const target = copies[to];
      for (const [created, make] of Object.entries(factories)) {
        const error = make(source);
        for (const checked of allClasses) {
          // Within one copy the prototype chain is the truth; the other copy must agree with it.
          const expected = ordinaryInstanceOf(error, source[checked]);
          expect({ created, checked, result: error instanceof (target[checked] as ErrorClass) }).toEqual({
            created,
            checked,
            result: expected,
          });
          expect(error instanceof (source[checked] as ErrorClass)).toBe(expected);
        }
        expect(error instanceof (target.FinitaError as ErrorClass)).toBe(true);
        expect(error).toBeInstanceOf(Error);
      }
    });
  }
});

describe("instanceof on the branded classes", () => {
  it("keeps the ordinary test for an application's own subclass", () => {
    class AppError extends FinitaError {
      readonly code = "app";
      constructor() {
        super("mine");
      }
    }
    const own = new AppError();
    expect(own).toBeInstanceOf(AppError);
    expect(own).toBeInstanceOf(FinitaError);
    expect(own).not.toBeInstanceOf(WrongEventForStateError);
    expect(new WrongEventForStateError("a", "go")).not.toBeInstanceOf(AppError);
  });

  it("is false for values that are not errors", () => {
    for (const value of [null, undefined, 0, "FinitaError", {}, new Error("plain"), () => undefined]) {
      expect(value instanceof FinitaError).toBe(false);
    }
  });
});
