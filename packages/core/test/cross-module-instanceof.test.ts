import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { WorkflowError, WorkflowInstanceNotFoundError } from "../src/index.js";

type ErrorClass = new (...args: never[]) => Error;
type Module = Record<string, unknown>;

const dist = (file: string): string => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

function requireBuilt(file: string): void {
  if (!existsSync(dist(file))) throw new Error(`packages/core/dist/${file} is missing: run pnpm build first`);
}

const migrationResult = {
  dryRun: false,
  migrated: [],
  skipped: [],
  failed: [],
  nextCursor: null,
  warnings: [],
};

/** One instance of every exported error class, created through the given copy of the package. */
const factories: Record<string, (m: Module) => Error> = {
  WorkflowError: (m) => new (m.WorkflowError as new (message: string) => Error)("plain"),
  InvalidArgumentError: (m) => new (m.InvalidArgumentError as new (message: string) => Error)("bad"),
  WorkflowDefinitionError: (m) =>
    new (m.WorkflowDefinitionError as new (w: string, s: string) => Error)("wf", "x"),
  IncompatibleDefinitionError: (m) =>
    new (m.IncompatibleDefinitionError as new (u: string, w: string, s: string, v: number) => Error)(
      "u",
      "wf",
      "a",
      2,
    ),
  WorkflowInstanceNotFoundError: (m) =>
    new (m.WorkflowInstanceNotFoundError as new (u: string) => Error)("u"),
  InvalidEventError: (m) =>
    new (m.InvalidEventError as new (u: string, s: string, e: string) => Error)("u", "a", "Go"),
  CommandFailureError: (m) =>
    new (m.CommandFailureError as new (u: string, e: string, c: string, r: unknown) => Error)(
      "u",
      "Go",
      "cmd",
      {
        ok: false,
      },
    ),
  OnEnterDepthExceededError: (m) =>
    new (m.OnEnterDepthExceededError as new (u: string, s: string, d: number) => Error)("u", "a", 3),
  IdempotencyConflictError: (m) => new (m.IdempotencyConflictError as new (u: string) => Error)("u"),
  IdempotencyInProgressError: (m) => new (m.IdempotencyInProgressError as new (u: string) => Error)("u"),
  IdempotencyNotSupportedError: (m) => new (m.IdempotencyNotSupportedError as new () => Error)(),
  DurableExecutionNotSupportedError: (m) => new (m.DurableExecutionNotSupportedError as new () => Error)(),
  WorkflowInstanceBusyError: (m) => new (m.WorkflowInstanceBusyError as new (u: string) => Error)("u"),
  ExecutionLeaseLostError: (m) => new (m.ExecutionLeaseLostError as new () => Error)(),
  WorkflowSchemaValidationError: (m) =>
    new (m.WorkflowSchemaValidationError as new (t: string, i: unknown[], w: string) => Error)(
      "context",
      [],
      "w",
    ),
  MigrationInterruptedError: (m) =>
    new (m.MigrationInterruptedError as new (r: unknown, n: number, c: unknown) => Error)(
      migrationResult,
      1,
      "down",
    ),
};

/** Exported classes whose instances are errors (found through the ordinary prototype test). */
function errorClassNames(m: Module): string[] {
  return Object.keys(m)
    .filter((name) => {
      const value = m[name];
      return typeof value === "function" && value.prototype instanceof Error;
    })
    .concat(Object.keys(m).filter((name) => m[name] === m.WorkflowError))
    .filter((name, i, all) => all.indexOf(name) === i)
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
    expect(esm.WorkflowError).not.toBe(cjs.WorkflowError);
    expect(errorClassNames(esm)).toEqual(Object.keys(factories).sort());
    expect(errorClassNames(cjs)).toEqual(Object.keys(factories).sort());
  });

  for (const [from, to] of [
    ["esm", "cjs"],
    ["cjs", "esm"],
  ] as const) {
    it(`an error created by the ${from.toUpperCase()} build matches the same class and its bases from the ${to.toUpperCase()} build, and no sibling`, async () => {
      const copies = await loadBoth();
      const source = copies[from];
      const target = copies[to];
      for (const [created, make] of Object.entries(factories)) {
        const error = make(source);
        for (const checked of Object.keys(factories)) {
          // Within one copy the prototype chain is the truth; the other copy must agree with it.
          const expected = ordinaryInstanceOf(error, source[checked]);
          expect({ created, checked, result: error instanceof (target[checked] as ErrorClass) }).toEqual({
            created,
            checked,
            result: expected,
          });
          expect(error instanceof (source[checked] as ErrorClass)).toBe(expected);
        }
        expect(error instanceof (target.WorkflowError as ErrorClass)).toBe(true);
        expect(error).toBeInstanceOf(Error);
      }
    });
  }
});

describe("instanceof on the branded classes", () => {
  it("keeps the ordinary test for an application's own subclass", () => {
    class AppError extends WorkflowError {}
    const own = new AppError("mine");
    expect(own).toBeInstanceOf(AppError);
    expect(own).toBeInstanceOf(WorkflowError);
    expect(own).not.toBeInstanceOf(WorkflowInstanceNotFoundError);
    expect(new WorkflowError("base")).not.toBeInstanceOf(AppError);
    expect(new WorkflowInstanceNotFoundError("u")).not.toBeInstanceOf(AppError);
  });

  it("is false for values that are not errors", () => {
    for (const value of [null, undefined, 0, "WorkflowError", {}, new Error("plain"), () => undefined]) {
      expect(value instanceof WorkflowError).toBe(false);
    }
  });
});
