import { describe, expect, it } from "vitest";
import {
  CommandExecutor,
  InMemoryCommandRegistry,
  WorkflowError,
  type WorkflowExecutionContext,
} from "@duraflows/core";
import { recordingCommand, throwingCommand } from "./support/runtime-fixture.js";

function context(): WorkflowExecutionContext {
  return {
    triggerMetadata: {},
    now: new Date(0),
    context: {},
    metadata: {},
    commandMetadata: {},
    fromState: "a",
    toState: "b",
    transitionUuid: "t",
  };
}

function executorWith(commands: Record<string, Parameters<InMemoryCommandRegistry["register"]>[1]>) {
  const registry = new InMemoryCommandRegistry();
  for (const [name, command] of Object.entries(commands)) registry.register(name, command);
  return new CommandExecutor(registry);
}

describe("CommandExecutor", () => {
  it("returns success with no results for an empty or missing list", async () => {
    const executor = executorWith({});
    expect(await executor.execute([], undefined, context())).toEqual({
      outcome: "success",
      commandResults: [],
    });
    expect(await executor.execute(undefined, undefined, context())).toEqual({
      outcome: "success",
      commandResults: [],
    });
  });

  it("runs sequentially and stops at the first mandatory ok:false", async () => {
    const order: string[] = [];
    const third = recordingCommand();
    const executor = executorWith({
      one: { execute: () => (order.push("one"), { ok: true }) },
      two: { execute: async () => (order.push("two"), { ok: false, code: "E2" }) },
      three: third,
    });
    const result = await executor.execute(
      [{ name: "one" }, { name: "two" }, { name: "three" }],
      "subject",
      context(),
    );
    expect(order).toEqual(["one", "two"]);
    expect(third.calls).toHaveLength(0);
    expect(result).toEqual({
      outcome: "failure",
      commandResults: [{ ok: true }, { ok: false, code: "E2" }],
      failedCommandName: "two",
    });
  });

  it("records best-effort failures and throws and continues", async () => {
    const executor = executorWith({
      soft: recordingCommand({ ok: false, code: "SOFT" }, { bestEffort: true }),
      thrower: throwingCommand(new TypeError("bad input"), { bestEffort: true }),
      stringThrower: throwingCommand("plain string", { bestEffort: true }),
      last: recordingCommand({ ok: true, code: "LAST" }),
    });
    const result = await executor.execute(
      [{ name: "soft" }, { name: "thrower" }, { name: "stringThrower" }, { name: "last" }],
      undefined,
      context(),
    );
    expect(result.outcome).toBe("success");
    expect(result.commandResults[0]).toEqual({ ok: false, code: "SOFT" });
    expect(result.commandResults[1]).toMatchObject({
      ok: false,
      code: "BEST_EFFORT_THROWN",
      message: "bad input",
      error: { name: "TypeError", message: "bad input" },
    });
    expect(result.commandResults[1].error?.stack).toContain("bad input");
    expect(result.commandResults[2]).toEqual({
      ok: false,
      code: "BEST_EFFORT_THROWN",
      message: "plain string",
      error: { name: "UnknownError", message: "plain string" },
    });
    expect(result.commandResults[3]).toEqual({ ok: true, code: "LAST" });
  });

  it("propagates a mandatory throw", async () => {
    const executor = executorWith({ hard: throwingCommand(new Error("hard failure")) });
    await expect(executor.execute([{ name: "hard" }], undefined, context())).rejects.toThrow("hard failure");
  });

  it("rejects an unknown command with the registry message", async () => {
    const executor = executorWith({});
    await expect(executor.execute([{ name: "ghost" }], undefined, context())).rejects.toThrow(
      new WorkflowError('Command "ghost" not found in registry'),
    );
  });

  it("rejects a handler that returns no CommandResult", async () => {
    const executor = executorWith({ bad: { execute: () => undefined as never } });
    await expect(executor.execute([{ name: "bad" }], undefined, context())).rejects.toThrow(
      "Command must return a CommandResult",
    );
  });

  it("passes a frozen clone of each ref's metadata as commandMetadata, sharing the working context", async () => {
    const seen: WorkflowExecutionContext[] = [];
    const executor = executorWith({
      write: { execute: (_s, ctx) => (seen.push(ctx), (ctx.context.n = 1), { ok: true }) },
      read: { execute: (_s, ctx) => (seen.push(ctx), { ok: ctx.context.n === 1 }) },
    });
    const metadata = { nested: { flag: true } };
    const ctx = context();
    const result = await executor.execute([{ name: "write", metadata }, { name: "read" }], undefined, ctx);
    expect(result.outcome).toBe("success");
    expect(seen[0].commandMetadata).toEqual(metadata);
    expect(seen[0].commandMetadata).not.toBe(metadata);
    expect(Object.isFrozen(seen[0].commandMetadata.nested)).toBe(true);
    expect(seen[1].commandMetadata).toEqual({});
    expect(ctx.context).toEqual({ n: 1 });
  });
});
