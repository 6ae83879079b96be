import { afterEach, describe, expect, it, vi } from "vitest";
import { WorkflowError } from "../src/errors/workflow-error.js";
import { runAfterCommitCallbacks } from "../src/transaction/run-after-commit-callbacks.js";
import { ScopedTransactionContext } from "../src/transaction/scoped-transaction-context.js";
import { RecordingConnection } from "./support/recording-connection.js";

type Owner = { id: string };

const setup = () => {
  const scopes = new ScopedTransactionContext<Owner, RecordingConnection>();
  const owner: Owner = { id: "pool" };
  const connection = new RecordingConnection();
  return { scopes, owner, connection, execute: connection.execute };
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ScopedTransactionContext: scopes", () => {
  it("createRoot builds an empty scope with a counter starting at 1", () => {
    const { scopes, connection } = setup();
    expect(scopes.createRoot(connection)).toEqual({
      connection,
      callbacks: [],
      root: { nextSavepointId: 1 },
    });
  });

  it("current() sees the scope only inside run(), across awaits", async () => {
    const { scopes, owner, connection } = setup();
    const root = scopes.createRoot(connection);
    expect(scopes.current(owner)).toBeUndefined();
    const seen = await scopes.run(owner, root, async () => {
      await Promise.resolve();
      return scopes.current(owner);
    });
    expect(seen).toBe(root);
    expect(scopes.current(owner)).toBeUndefined();
  });

  it("keeps owners apart", async () => {
    const { scopes, owner, connection } = setup();
    const other: Owner = { id: "other" };
    await scopes.run(owner, scopes.createRoot(connection), async () => {
      expect(scopes.current(other)).toBeUndefined();
      expect(() => scopes.afterCommit(other, () => undefined)).toThrow(WorkflowError);
    });
  });

  it("afterCommit queues on the innermost scope and throws without one", () => {
    const { scopes, owner, connection } = setup();
    const root = scopes.createRoot(connection);
    const callback = () => undefined;
    scopes.run(owner, root, () => scopes.afterCommit(owner, callback));
    expect(root.callbacks).toEqual([callback]);
    const outside = () => scopes.afterCommit(owner, callback);
    expect(outside).toThrow(WorkflowError);
    expect(outside).toThrow(new WorkflowError("afterCommit requires an active transaction"));
  });
});

describe("ScopedTransactionContext: savepoints", () => {
  it("releases on success, numbers savepoints from the shared counter and moves callbacks up", async () => {
    const { scopes, owner, connection, execute } = setup();
    const root = scopes.createRoot(connection);
    const order: string[] = [];
    await scopes.run(owner, root, async () => {
      await scopes.runInSavepoint(
        owner,
        root,
        async (conn) => {
          expect(conn).toBe(connection);
          const child = scopes.current(owner)!;
          expect(child).not.toBe(root);
          expect(child.connection).toBe(connection);
          expect(child.root).toBe(root.root);
          scopes.afterCommit(owner, () => void order.push("inner"));
          await scopes.runInSavepoint(
            owner,
            child,
            async () => {
              scopes.afterCommit(owner, () => void order.push("innermost"));
            },
            execute,
          );
          expect(child.callbacks).toHaveLength(2);
          expect(root.callbacks).toHaveLength(0);
        },
        execute,
      );
      await scopes.runInSavepoint(owner, root, async () => undefined, execute);
    });
    expect(connection.statements).toEqual([
      "SAVEPOINT duraflows_sp_1",
      "SAVEPOINT duraflows_sp_2",
      "RELEASE SAVEPOINT duraflows_sp_2",
      "RELEASE SAVEPOINT duraflows_sp_1",
      "SAVEPOINT duraflows_sp_3",
      "RELEASE SAVEPOINT duraflows_sp_3",
    ]);
    expect(root.root.nextSavepointId).toBe(4);
    await runAfterCommitCallbacks(root.callbacks);
    expect(order).toEqual(["inner", "innermost"]);
  });

  it("calls execute with the SQL text as its only argument", async () => {
    const { scopes, owner, connection } = setup();
    const execute = vi.fn(connection.execute);
    const root = scopes.createRoot(connection);
    await scopes.runInSavepoint(owner, root, async () => undefined, execute);
    await scopes
      .runInSavepoint(owner, root, () => Promise.reject(new Error("boom")), execute)
      .catch(() => undefined);
    expect(execute.mock.calls).toEqual([
      ["SAVEPOINT duraflows_sp_1"],
      ["RELEASE SAVEPOINT duraflows_sp_1"],
      ["SAVEPOINT duraflows_sp_2"],
      ["ROLLBACK TO SAVEPOINT duraflows_sp_2"],
      ["RELEASE SAVEPOINT duraflows_sp_2"],
    ]);
  });

  it("accepts an executor written as (sql) => client.query(sql)", async () => {
    const { scopes, owner, connection } = setup();
    const client = { query: (sql: string) => connection.execute(sql) };
    const root = scopes.createRoot(connection);
    await expect(
      scopes.runInSavepoint(
        owner,
        root,
        () => "ok",
        (sql) => client.query(sql),
      ),
    ).resolves.toBe("ok");
    expect(connection.statements).toEqual(["SAVEPOINT duraflows_sp_1", "RELEASE SAVEPOINT duraflows_sp_1"]);
  });

  it("returns the callback's value", async () => {
    const { scopes, owner, connection, execute } = setup();
    const root = scopes.createRoot(connection);
    await expect(scopes.runInSavepoint(owner, root, () => 42, execute)).resolves.toBe(42);
  });

  it("rolls back, releases, drops the child's callbacks and rethrows the original error", async () => {
    const { scopes, owner, connection, execute } = setup();
    const root = scopes.createRoot(connection);
    const boom = new Error("boom");
    const run = scopes.run(owner, root, () =>
      scopes.runInSavepoint(
        owner,
        root,
        async () => {
          scopes.afterCommit(owner, () => undefined);
          throw boom;
        },
        execute,
      ),
    );
    await expect(run).rejects.toBe(boom);
    expect(connection.statements).toEqual([
      "SAVEPOINT duraflows_sp_1",
      "ROLLBACK TO SAVEPOINT duraflows_sp_1",
      "RELEASE SAVEPOINT duraflows_sp_1",
    ]);
    expect(root.callbacks).toEqual([]);
  });

  it("only warns when the rollback itself fails, never masking the original error", async () => {
    const { scopes, owner, connection, execute } = setup();
    connection.failOn.add("ROLLBACK TO SAVEPOINT duraflows_sp_1");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const boom = new Error("boom");
    const root = scopes.createRoot(connection);
    await expect(scopes.runInSavepoint(owner, root, () => Promise.reject(boom), execute)).rejects.toBe(boom);
    expect(warn).toHaveBeenCalledWith(
      "[duraflows] ROLLBACK TO SAVEPOINT failed after nested transaction error: failed: ROLLBACK TO SAVEPOINT duraflows_sp_1",
    );
    expect(connection.statements).toEqual([
      "SAVEPOINT duraflows_sp_1",
      "ROLLBACK TO SAVEPOINT duraflows_sp_1",
    ]);
  });

  it("does not run the callback when SAVEPOINT fails", async () => {
    const { scopes, owner, connection, execute } = setup();
    connection.failOn.add("SAVEPOINT duraflows_sp_1");
    const fn = vi.fn();
    await expect(scopes.runInSavepoint(owner, scopes.createRoot(connection), fn, execute)).rejects.toThrow(
      "failed: SAVEPOINT duraflows_sp_1",
    );
    expect(fn).not.toHaveBeenCalled();
    expect(connection.statements).toEqual(["SAVEPOINT duraflows_sp_1"]);
  });
});

describe("ScopedTransactionContext.runSeeded", () => {
  it("runs queued callbacks inside the seeded scope once the promise resolves", async () => {
    const { scopes, owner, connection } = setup();
    const events: string[] = [];
    const value = await scopes.runSeeded(owner, connection, async () => {
      scopes.afterCommit(owner, () => {
        events.push(scopes.current(owner)?.connection === connection ? "in-scope" : "outside");
        scopes.afterCommit(owner, () => void events.push("appended"));
      });
      events.push("work");
      return "done";
    });
    expect(value).toBe("done");
    expect(events).toEqual(["work", "in-scope", "appended"]);
  });

  it("drops callbacks when the promise rejects", async () => {
    const { scopes, owner, connection } = setup();
    const callback = vi.fn();
    await expect(
      scopes.runSeeded(owner, connection, async () => {
        scopes.afterCommit(owner, callback);
        throw new Error("nope");
      }),
    ).rejects.toThrow("nope");
    expect(callback).not.toHaveBeenCalled();
  });

  it("drops callbacks of a synchronous fn with a warning", () => {
    const { scopes, owner, connection } = setup();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const callback = vi.fn();
    const value = scopes.runSeeded(owner, connection, () => {
      scopes.afterCommit(owner, callback);
      return 7;
    });
    expect(value).toBe(7);
    expect(callback).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/^\[duraflows\] 1 afterCommit callback\(s\) were dropped/);
  });

  it("a synchronous fn without callbacks warns nothing", () => {
    const { scopes, owner, connection } = setup();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(scopes.runSeeded(owner, connection, () => "ok")).toBe("ok");
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("runAfterCommitCallbacks", () => {
  it("awaits each callback in order, including ones appended during the loop", async () => {
    const order: string[] = [];
    const list: (() => Promise<void> | void)[] = [];
    list.push(async () => {
      await Promise.resolve();
      order.push("first");
      list.push(() => void order.push("appended"));
    });
    list.push(() => void order.push("second"));
    await runAfterCommitCallbacks(list);
    expect(order).toEqual(["first", "second", "appended"]);
  });

  it("logs a failing callback and continues; never rejects", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const after = vi.fn();
    await expect(
      runAfterCommitCallbacks([
        () => {
          throw new Error("sync boom");
        },
        () => Promise.reject("async boom"),
        after,
      ]),
    ).resolves.toBeUndefined();
    expect(after).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls).toEqual([
      ["[duraflows] afterCommit callback failed: sync boom"],
      ["[duraflows] afterCommit callback failed: async boom"],
    ]);
  });
});
