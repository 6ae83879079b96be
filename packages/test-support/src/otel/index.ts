// OpenTelemetry test fixtures (`@duraflows/test-support/otel`): a subpath of its own, so the suites that
// do not trace never load the SDK.
export {
  inMemoryMeters,
  registerOtel,
  registerOtelTracing,
  type InMemoryMeters,
  type OtelHarness,
  type OtelTracing,
} from "./otel-harness.js";
export { metricValue, spanTree } from "./otel-readings.js";
