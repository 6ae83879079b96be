import { afterEach, describe, expect, it, vi } from "vitest";
import { keepsOriginalMethod } from "../src/transition/store-fast-path.js";

class HistoryStore {
  async append(): Promise<string> {
    return "row";
  }
  async appendMany(): Promise<string[]> {
    return ["row"];
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("keepsOriginalMethod: fast paths give way to overridden store methods", () => {
  it("holds for a plain instance of the class that provides both", () => {
    expect(keepsOriginalMethod(new HistoryStore(), "append", "appendMany")).toBe(true);
  });

  it("fails when the method is replaced on the object (a decorator or a vi.spyOn spy)", () => {
    const wrapped = new HistoryStore();
    const original = wrapped.append;
    wrapped.append = function () {
      return original.call(this);
    };
    expect(keepsOriginalMethod(wrapped, "append", "appendMany")).toBe(false);
    const spied = new HistoryStore();
    vi.spyOn(spied, "append");
    expect(keepsOriginalMethod(spied, "append", "appendMany")).toBe(false);
  });

  it("fails for a subclass that overrides only the method, holds for one that overrides both", () => {
    class Audited extends HistoryStore {
      override async append(): Promise<string> {
        return super.append();
      }
    }
    class OwnBatch extends Audited {
      override async appendMany(): Promise<string[]> {
        return [await this.append()];
      }
    }
    expect(keepsOriginalMethod(new Audited(), "append", "appendMany")).toBe(false);
    expect(keepsOriginalMethod(new OwnBatch(), "append", "appendMany")).toBe(true);
    class SubclassOfOwnBatch extends OwnBatch {}
    expect(keepsOriginalMethod(new SubclassOfOwnBatch(), "append", "appendMany")).toBe(true);
  });

  it("holds when the fast path itself is spied on or is an own property set by the constructor", () => {
    const spied = new HistoryStore();
    vi.spyOn(spied, "appendMany");
    expect(keepsOriginalMethod(spied, "append", "appendMany")).toBe(true);
    const paired = Object.assign(new HistoryStore(), { appendWithInstanceUpdate: async () => "row" });
    expect(keepsOriginalMethod(paired, "append", "appendWithInstanceUpdate")).toBe(true);
    vi.spyOn(paired, "append");
    expect(keepsOriginalMethod(paired, "append", "appendWithInstanceUpdate")).toBe(false);
  });

  it("without the fast path anywhere, only a replacement on the object counts", () => {
    class InstanceStore {
      async update(): Promise<void> {}
    }
    expect(keepsOriginalMethod(new InstanceStore(), "update", "updateMany")).toBe(true);
    const wrapped = new InstanceStore();
    wrapped.update = async () => undefined;
    expect(keepsOriginalMethod(wrapped, "update", "updateMany")).toBe(false);
  });
});
