import "reflect-metadata";
import { createRequire } from "node:module";
import { SimulatedClock } from "@duraflows/core/testing";
import { type OtelTracing, registerOtelTracing } from "@duraflows/test-support/otel";
import { SpanKind } from "@opentelemetry/api";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http, type RunningApp } from "../support/http-app.js";
import { createPgFixture, type PgFixture } from "../support/pg-persistence.js";

/*
 * What an application gets when it starts an OpenTelemetry SDK with the HTTP instrumentation before Nest: no
 * duraflows wiring at all, and the runtime's spans nest under the HTTP server span of the request.
 */
describe("e2e: OpenTelemetry through the REST controllers, with the HTTP instrumentation", () => {
  let otel: OtelTracing;
  const instrumentation = new HttpInstrumentation();
  let pg: PgFixture;
  let running: RunningApp;

  beforeAll(async () => {
    // The SDK set-up a service does in main.ts, before Nest loads: context manager, provider, instrumentation.
    otel = registerOtelTracing();
    instrumentation.setTracerProvider(otel.tracerProvider);
    instrumentation.enable();
    // The instrumentation patches `http` when it is required, as Nest's Express adapter does on load.
    createRequire(import.meta.url)("http");
    const { startHttpApp } = await import("../support/http-app.js");
    const { createExplicitCommandsAppModule } = await import("../fixtures/apps/explicit-commands.app.js");
    pg = await createPgFixture("nestjs_telemetry");
    running = await startHttpApp(
      createExplicitCommandsAppModule(pg.persistence, new SimulatedClock(new Date("2030-01-01T00:00:00Z"))),
    );
  });

  afterAll(async () => {
    await running?.close();
    instrumentation.disable();
    await otel?.shutdown();
    await pg?.database.drop();
  });

  function childrenOf(parent: ReadableSpan): ReadableSpan[] {
    return otel.spans
      .getFinishedSpans()
      .filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);
  }

  it("the runtime's spans are children of the HTTP server span of each request", async () => {
    const created = await http(running.baseUrl, "POST", "/workflows", { json: { workflowName: "order" } });
    expect(created.status).toBe(201);
    const paid = await http(running.baseUrl, "POST", `/workflows/${created.body.uuid}/events/Pay`, {
      json: {},
    });
    expect(paid.status).toBe(201);

    const servers = otel.spans.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);
    expect(servers.map((span) => span.attributes["http.target"] ?? span.attributes["url.path"])).toEqual([
      "/workflows",
      `/workflows/${created.body.uuid}/events/Pay`,
    ]);
    const [createRequest, payRequest] = servers;
    expect(childrenOf(createRequest).map((span) => span.name)).toEqual(["duraflows.create order"]);
    const trigger = childrenOf(payRequest);
    expect(trigger.map((span) => span.name)).toEqual(["duraflows.trigger order.Pay"]);
    expect(trigger[0].spanContext().traceId).toBe(payRequest.spanContext().traceId);
    // The commands of the event nest one level further down, still in the request's trace.
    expect(childrenOf(trigger[0]).map((span) => span.name)).toContain("duraflows.command chargePayment");
  });
});
