import { describe, expect, it } from "vitest";
import { ObserverRegistry, type WorkflowObserver } from "../src/index.js";

const observer = (name: string): WorkflowObserver => ({ name, onEnter: () => undefined });

describe("published ObserverRegistry.list()", () => {
  it("returns the registered observers in order, constructor seeds first", () => {
    const seedA = observer("seed-a");
    const seedB = observer("seed-b");
    const added = observer("added");
    const registry = new ObserverRegistry([seedA, seedB]);
    registry.add(added);
    expect(registry.list()).toEqual([seedA, seedB, added]);
    expect(registry.list()[0]).toBe(seedA);
  });

  it("returns an empty list for a registry without observers", () => {
    expect(new ObserverRegistry().list()).toEqual([]);
  });

  it("lists observers without onEnter too, as registered", () => {
    const silent: WorkflowObserver = { name: "silent" };
    expect(new ObserverRegistry([silent]).list()).toEqual([silent]);
  });

  it("hands out a snapshot that cannot change the registry", () => {
    const seed = observer("seed");
    const seeds = [seed];
    const registry = new ObserverRegistry(seeds);
    seeds.push(observer("late"));
    const listed = registry.list() as WorkflowObserver[];
    listed.push(observer("intruder"));
    expect(registry.list()).toEqual([seed]);
    expect(registry.size).toBe(1);
  });
});
