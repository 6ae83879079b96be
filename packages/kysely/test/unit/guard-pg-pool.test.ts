import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { guardPgPool } from "../../src/guard-pg-pool.js";

/** Emits `acquire` / `release` like pg-pool: the idle listener is swapped out while a client is checked out. */
class FakePool extends EventEmitter {
  checkout(client: EventEmitter): void {
    this.emit("acquire", client);
  }
  checkin(client: EventEmitter, error?: Error): void {
    this.emit("release", error, client);
  }
}

describe("guardPgPool", () => {
  it("listens for 'error' on a client only while it is checked out, so an emitted error is not thrown", () => {
    const pool = guardPgPool(new FakePool());
    const client = new EventEmitter();
    expect(() => client.emit("error", new Error("unguarded"))).toThrow("unguarded");
    pool.checkout(client);
    expect(client.listenerCount("error")).toBe(1);
    expect(() => client.emit("error", new Error("terminating connection"))).not.toThrow();
    pool.checkin(client, new Error("broken"));
    expect(client.listenerCount("error")).toBe(0);
  });

  it("returns the same pool and guards it once however often it is called", () => {
    const pool = new FakePool();
    expect(guardPgPool(pool)).toBe(pool);
    expect(guardPgPool(pool)).toBe(pool);
    expect(pool.listenerCount("acquire")).toBe(1);
    expect(pool.listenerCount("release")).toBe(1);
    const client = new EventEmitter();
    pool.checkout(client);
    expect(client.listenerCount("error")).toBe(1);
  });

  it("accepts a real pg Pool", async () => {
    const pg = (await import("pg")).default;
    const pool = new pg.Pool({ max: 1 });
    expect(guardPgPool(pool)).toBe(pool);
    await pool.end();
  });
});
