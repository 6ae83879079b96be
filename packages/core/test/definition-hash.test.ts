import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../src/definition/types.js";
import { computeDefinitionHash } from "../src/versioning/compute-definition-hash.js";

const sha = (text: string): string => `sha256:${createHash("sha256").update(text).digest("hex")}`;

describe("computeDefinitionHash", () => {
  it("matches the spec test vector", () => {
    const definition: WorkflowDefinition = {
      name: "wf",
      version: 3,
      versionPolicy: "latest",
      initialState: "a",
      states: { a: { events: { go: { targetState: "b" } } }, b: {} },
    };
    const canonical =
      '{"initialState":"a","name":"wf","states":{"a":{"events":{"go":{"targetState":"b"}}},"b":{}}}';
    expect(sha(canonical)).toBe("sha256:43bc8e7c7e1eaa0923ba182bd6ba27dde62ddfe7e02b3ceb36587805539f7bf7");
    expect(computeDefinitionHash(definition)).toBe(
      "sha256:43bc8e7c7e1eaa0923ba182bd6ba27dde62ddfe7e02b3ceb36587805539f7bf7",
    );
  });

  it("ignores key order, version, versionPolicy and undefined members", () => {
    const a: WorkflowDefinition = {
      name: "wf",
      initialState: "a",
      states: { a: { events: { go: { targetState: "b", errorState: undefined } } }, b: {} },
    };
    const b = {
      states: { b: {}, a: { events: { go: { targetState: "b" } } } },
      versionPolicy: "pinned",
      initialState: "a",
      version: 9,
      name: "wf",
    } as WorkflowDefinition;
    expect(computeDefinitionHash(a)).toBe(computeDefinitionHash(b));
  });

  it("keeps nested version/versionPolicy keys and array order", () => {
    const base: WorkflowDefinition = {
      name: "wf",
      initialState: "a",
      states: { a: { metadata: { version: 1 }, onEnter: { commands: [{ name: "x" }, { name: "y" }] } } },
    };
    const reordered: WorkflowDefinition = {
      ...base,
      states: { a: { metadata: { version: 1 }, onEnter: { commands: [{ name: "y" }, { name: "x" }] } } },
    };
    const withoutNested: WorkflowDefinition = { ...base, states: { a: { onEnter: base.states.a.onEnter } } };
    expect(computeDefinitionHash(base)).not.toBe(computeDefinitionHash(reordered));
    expect(computeDefinitionHash(base)).not.toBe(computeDefinitionHash(withoutNested));
  });

  it("sorts integer-like keys by plain string comparison", () => {
    const definition = { name: "n", initialState: "10", states: { "9": {}, "10": {}, b: {}, B: {} } };
    const canonical = '{"initialState":"10","name":"n","states":{"10":{},"9":{},"B":{},"b":{}}}';
    expect(computeDefinitionHash(definition)).toBe(sha(canonical));
  });

  it('keeps an own "__proto__" key as ordinary content', () => {
    const definition = JSON.parse(
      '{"name":"p","initialState":"a","states":{"a":{"metadata":{"__proto__":{"x":1},"z":2}}}}',
    ) as WorkflowDefinition;
    const canonical =
      '{"initialState":"a","name":"p","states":{"a":{"metadata":{"__proto__":{"x":1},"z":2}}}}';
    expect(computeDefinitionHash(definition)).toBe(sha(canonical));
    const withoutProto = JSON.parse('{"name":"p","initialState":"a","states":{"a":{"metadata":{"z":2}}}}');
    expect(computeDefinitionHash(definition)).not.toBe(computeDefinitionHash(withoutProto));
    expect(({} as { x?: number }).x).toBeUndefined();
  });

  it("does not mutate the definition", () => {
    const definition: WorkflowDefinition = { name: "wf", version: 2, initialState: "a", states: { a: {} } };
    computeDefinitionHash(definition);
    expect(definition).toEqual({ name: "wf", version: 2, initialState: "a", states: { a: {} } });
  });
});
