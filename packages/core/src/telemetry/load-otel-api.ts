import { createRequire } from "node:module";
import type * as OtelApi from "@opentelemetry/api";

/** The `@opentelemetry/api` module, as far as duraflows uses it. */
export type OtelApiModule = typeof OtelApi;

declare const __filename: string | undefined;

let loaded: OtelApiModule | null | undefined;

/**
 * Loads `@opentelemetry/api` once, synchronously, and caches the outcome: `null` when the optional peer is not
 * installed. The API keeps its registrations on a global, so this copy sees an SDK that the application
 * registered through its own import (ESM or CommonJS).
 *
 * @internal
 */
export function loadOtelApi(): OtelApiModule | null {
  if (loaded !== undefined) return loaded;
  try {
    // A require anchored at this file: `__filename` in the CommonJS build, `import.meta.url` in the ESM build
    // (a bare `require` would be the bundler's throwing shim in ESM).
    const load = createRequire(typeof __filename === "string" ? __filename : import.meta.url);
    loaded = load("@opentelemetry/api") as OtelApiModule;
  } catch {
    loaded = null;
  }
  return loaded;
}
