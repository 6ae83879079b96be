import type { IncomingMessage, ServerResponse } from "node:http";
import type {
  WorkflowClock,
  WorkflowDefinitionRegistry,
  WorkflowPersistenceProvider,
  WorkflowRuntime,
} from "@duraflows/core";

/** Who is calling and whether they may act (trigger, retry, cancel, rearm). */
export interface DashboardIdentity {
  /** Recorded as the actor of every action (history trigger metadata where the runtime records it). */
  id: string;
  canWrite: boolean;
}

/** Authenticates a request; `null` means anonymous (answered 401). */
export type DashboardAuth = (
  req: IncomingMessage,
) => DashboardIdentity | null | Promise<DashboardIdentity | null>;

/** Options of `createDashboard`. */
export interface DashboardOptions {
  /** The runtime the dashboard reads through and acts on. */
  runtime: WorkflowRuntime;
  /**
   * The stores the runtime was built with; their optional read capabilities power the lists and counts, and
   * the definition store (when present) the version list and diff.
   */
  persistence: Pick<WorkflowPersistenceProvider, "instanceStore" | "executionStore" | "definitionStore">;
  /** The registry of the runtime: the workflows shown. */
  definitionRegistry: WorkflowDefinitionRegistry;
  /**
   * Required: identifies each request. For local development only, pass `localhostDevelopmentAuth()`, which
   * lets loopback requests in with write access and refuses every other one.
   */
  auth: DashboardAuth;
  /** Mount path, e.g. `"/dashboard"`. Default `""` (the server root). */
  basePath?: string;
  /** Largest page size a caller may ask for. Default 100. */
  maxPageSize?: number;
  /** How often the app refreshes counts, in milliseconds. Default 1 000. */
  pollIntervalMs?: number;
  /** Clock of overdue-timeout counts. Default the system clock. */
  clock?: WorkflowClock;
  /** Directory of the bundled app. Default the `app` directory shipped next to this package's build. */
  assetsDir?: string;
}

/** The Node request handler `createDashboard` returns, usable with `node:http`, Express and Connect. */
export type DashboardHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;
