import type { IncomingMessage, ServerResponse } from "node:http";
import { InvalidArgumentError } from "@duraflows/core";
import { DashboardActions } from "./api-actions.js";
import { DashboardMaintenance } from "./api-maintenance.js";
import { DashboardReads } from "./api-reads.js";
import { DashboardRetention } from "./api-retention.js";
import { DashboardVersions } from "./api-versions.js";
import type { DashboardHandler, DashboardIdentity, DashboardOptions } from "./dashboard-options.js";
import { errorStatus, HttpError, readJsonBody, sendJson } from "./http-io.js";
import { CsrfGuard } from "./security.js";
import { defaultAssetsDir, StaticAssets } from "./static-assets.js";

type Route = (ctx: {
  req: IncomingMessage;
  url: URL;
  parts: string[];
  identity: DashboardIdentity;
}) => Promise<unknown>;

/**
 * Creates the dashboard: a Node request handler serving a single-page app at `basePath` and its JSON API at
 * `<basePath>/api`. Requests outside `basePath` go to `next` (or get a 404 without one). Every request is
 * authenticated with `auth`; mutations also need write permission, the CSRF token of `GET /api/session` in
 * the `x-csrf-token` header and a same-origin request.
 *
 * @example
 * ```ts
 * const dashboard = createDashboard({
 *   runtime, persistence, definitionRegistry, basePath: "/dashboard",
 *   auth: (req) => (req.headers.authorization === `Bearer ${token}` ? { id: "ops", canWrite: true } : null),
 * });
 * http.createServer(dashboard).listen(3000);
 * ```
 */
export function createDashboard(options: DashboardOptions): DashboardHandler {
  if (typeof options?.auth !== "function") {
    throw new InvalidArgumentError("createDashboard needs an auth function (or localhostDevelopmentAuth())");
  }
  const basePath = (options.basePath ?? "").replace(/\/+$/, "");
  if (basePath !== "" && !/^\/[\w\-/.]*$/.test(basePath)) {
    throw new InvalidArgumentError("basePath must start with / and contain only URL path characters");
  }
  const maxPageSize = options.maxPageSize ?? 100;
  const reads = new DashboardReads(options, maxPageSize);
  const actions = new DashboardActions(options);
  const versions = new DashboardVersions(options, maxPageSize);
  const maintenance = new DashboardMaintenance(options);
  const retention = new DashboardRetention(options);
  const csrf = new CsrfGuard();
  const assets = new StaticAssets(options.assetsDir ?? defaultAssetsDir());

  const getRoutes: Record<string, Route> = {
    session: async ({ identity }) => ({
      user: identity,
      csrfToken: csrf.tokenFor(identity),
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      maxPageSize,
    }),
    overview: () => reads.overview(),
    workflows: ({ url, parts }) => {
      if (parts.length === 2) return reads.workflowDetail(parts[1]);
      if (parts.length === 3 && parts[2] === "instances")
        return reads.instancesOf(parts[1], url.searchParams);
      if (parts.length === 3 && parts[2] === "versions") return versions.list(parts[1]);
      if (parts.length === 3 && parts[2] === "counts") return reads.countsOf(parts[1]);
      // versions/:from/diff/:to
      if (parts.length === 6 && parts[2] === "versions" && parts[4] === "diff") {
        return versions.diff(parts[1], parts[3], parts[5]);
      }
      return notFound();
    },
    instances: ({ parts }) => (parts.length === 2 ? reads.instanceDetail(parts[1]) : notFound()),
    executions: ({ url, parts }) => (parts.length === 1 ? reads.executionList(url.searchParams) : notFound()),
    timeouts: ({ url, parts }) =>
      parts[1] === "parked" ? reads.parkedTimeouts(url.searchParams) : notFound(),
    retention: ({ url, parts }) => (parts.length === 1 ? retention.counts(url.searchParams) : notFound()),
  };
  const postRoutes: Record<string, Route> = {
    workflows: async ({ req, parts, identity }) => {
      if (parts.length === 3 && parts[2] === "migration-dry-run") {
        return versions.dryRun(parts[1], await readJsonBody(req));
      }
      if (parts.length === 3 && parts[2] === "trigger-many") {
        return maintenance.triggerMany(parts[1], await readJsonBody(req), identity);
      }
      return notFound();
    },
    maintenance: async ({ req, parts }) =>
      parts.length === 2 && parts[1] === "partitions"
        ? maintenance.maintainPartitions(await readJsonBody(req))
        : notFound(),
    instances: async ({ req, parts, identity }) => {
      if (parts.length === 3 && parts[2] === "events") {
        return actions.trigger(parts[1], await readJsonBody(req), identity);
      }
      if (parts.length === 3 && parts[2] === "rearm-timeout") return actions.rearm(parts[1], identity);
      return notFound();
    },
    retention: async ({ req, parts }) =>
      parts.length === 2 && parts[1] === "prune-history"
        ? retention.prune(await readJsonBody(req))
        : parts.length === 2 && parts[1] === "purge-instances"
          ? retention.purge(await readJsonBody(req))
          : notFound(),
    executions: async ({ parts, identity }) =>
      parts.length === 3 && parts[2] === "retry"
        ? actions.retry(parts[1], identity)
        : parts.length === 3 && parts[2] === "cancel"
          ? actions.cancel(parts[1], identity)
          : notFound(),
  };

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
    const identity = await options.auth(req);
    if (!identity) throw new HttpError(401, "Authentication required");
    let parts: string[];
    try {
      parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    } catch {
      throw new HttpError(400, "Malformed path");
    }
    const method = req.method ?? "GET";
    if (method === "GET" || method === "HEAD") {
      const route = Object.hasOwn(getRoutes, parts[0] ?? "") ? getRoutes[parts[0]] : undefined;
      if (!route) notFound();
      sendJson(res, 200, await route({ req, url, parts, identity }));
      return;
    }
    if (method !== "POST") throw new HttpError(405, "Method not allowed");
    if (!identity.canWrite) throw new HttpError(403, "Write permission required");
    csrf.check(req, identity);
    const route = Object.hasOwn(postRoutes, parts[0] ?? "") ? postRoutes[parts[0]] : undefined;
    if (!route) notFound();
    sendJson(res, 200, await route({ req, url, parts, identity }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) {
    const url = new URL(req.url ?? "/", "http://dashboard.invalid");
    const rest = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : undefined;
    if (rest === undefined || (rest !== "" && !rest.startsWith("/"))) {
      if (next) return next();
      return sendJson(res, 404, { error: "Not found" });
    }
    try {
      if (rest === "/api" || rest.startsWith("/api/")) return await api(req, res, url, rest.slice(4));
      if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, "Method not allowed");
      if (!(await options.auth(req))) throw new HttpError(401, "Authentication required");
      const name = rest === "" || rest === "/" ? "index.html" : rest.slice(1);
      if (!assets.has(name)) notFound();
      await assets.send(res, name);
    } catch (error) {
      const { status, message } = errorStatus(error);
      if (!res.headersSent) sendJson(res, status, { error: message });
      else res.end();
    }
  }

  return (req, res, next) => {
    void handle(req, res, next);
  };
}

function notFound(): never {
  throw new HttpError(404, "Not found");
}
