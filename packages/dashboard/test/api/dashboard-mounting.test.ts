import type { IncomingMessage, ServerResponse } from "node:http";
import { InMemoryCommandRegistry, InMemoryDefinitionRegistry, WorkflowRuntime } from "@duraflows/core";
import { createInMemoryPersistence } from "@duraflows/core/testing";
import { describe, expect, it } from "vitest";
import { createDashboard, localhostDevelopmentAuth } from "../../src/index.js";

function setup(instanceStoreOverride?: object) {
  const persistence = createInMemoryPersistence();
  const definitionRegistry = new InMemoryDefinitionRegistry();
  const runtime = new WorkflowRuntime({
    ...persistence,
    definitionRegistry,
    commandRegistry: new InMemoryCommandRegistry(),
    clock: { now: () => new Date() },
  });
  const instanceStore = instanceStoreOverride ?? persistence.instanceStore;
  return {
    runtime,
    definitionRegistry,
    persistence: { ...persistence, instanceStore } as typeof persistence,
  };
}

/** Calls the handler with a minimal request/response pair and resolves with what it sent (or `next`). */
function invoke(handler: ReturnType<typeof createDashboard>, url: string, remoteAddress = "127.0.0.1") {
  return new Promise<{ status?: number; body?: string; next?: boolean }>((resolve) => {
    const req = { url, method: "GET", headers: { host: "localhost:3000" }, socket: { remoteAddress } };
    const res = {
      headersSent: false,
      status: 0,
      writeHead(status: number) {
        this.status = status;
      },
      end(body: string) {
        resolve({ status: this.status, body: String(body) });
      },
    };
    handler(req as unknown as IncomingMessage, res as unknown as ServerResponse, () =>
      resolve({ next: true }),
    );
  });
}

describe("createDashboard mounting and options", () => {
  it("requires an auth function", () => {
    const options = setup();
    expect(() => createDashboard({ ...options, auth: undefined as never })).toThrow(/auth function/);
  });

  it("passes requests outside basePath to next (Express/Connect) and 404s without next", async () => {
    const handler = createDashboard({ ...setup(), basePath: "/ops", auth: localhostDevelopmentAuth() });
    expect(await invoke(handler, "/other")).toEqual({ next: true });
    expect(await invoke(handler, "/opsx/api/session")).toEqual({ next: true });
    expect((await invoke(handler, "/ops/api/session")).status).toBe(200);
  });

  it("lets only loopback requests in with localhostDevelopmentAuth", async () => {
    const handler = createDashboard({ ...setup(), auth: localhostDevelopmentAuth() });
    expect((await invoke(handler, "/api/session", "10.0.0.8")).status).toBe(401);
    expect((await invoke(handler, "/api/session")).status).toBe(200);
  });

  it("degrades with a clear message when the store lacks the read capabilities", async () => {
    const full = setup().persistence.instanceStore;
    // A store with only the required reads: none of the optional dashboard capabilities.
    const stripped = setup({
      findByUuid: (uuid: string) => full.findByUuid(uuid),
      findParkedTimeouts: (input: { limit: number }) => full.findParkedTimeouts(input),
    });
    stripped.definitionRegistry.register({ name: "w", initialState: "a", states: { a: {} } });
    const handler = createDashboard({ ...stripped, auth: localhostDevelopmentAuth() });
    const overview = JSON.parse((await invoke(handler, "/api/overview")).body!);
    expect(overview.notes).toContain("Instance counts need a store implementing countInstancesByState.");
    const list = await invoke(handler, "/api/workflows/w/instances");
    expect(list).toMatchObject({ status: 501 });
    expect(JSON.parse(list.body!).error).toBe("The configured store does not implement listInstances");
  });
});
