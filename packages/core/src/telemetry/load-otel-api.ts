import { createRequire } from "node:module";
import type * as OtelApi from "@opentelemetry/api";

/** The `@opentelemetry/api` module, as far as duraflows uses it. */
export type OtelApiModule = typeof OtelApi;

declare const require: ((id: string) => unknown) | undefined;

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
    // CommonJS build: the module's own require; ESM build: a require anchored at this file.
    const load = typeof require === "function" ? require : createRequire(import.meta.url);
    loaded = load("@opentelemetry/api") as OtelApiModule;
  } catch {
    loaded = null;
  }
  return loaded;
}
