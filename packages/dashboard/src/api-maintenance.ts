import { WorkflowError } from "@duraflows/core";
import type { DashboardIdentity, DashboardOptions } from "./dashboard-options.js";
import { HttpError } from "./http-io.js";

/** At most this many batches per request, so one click never holds a request (or the table) for long. */
const MAX_BATCHES_PER_REQUEST = 100;
const DEFAULT_BATCHES_PER_REQUEST = 10;
/** At most this many instances moved by one bulk trigger request. */
const MAX_BULK_LIMIT = 100_000;

type Body = Record<string, unknown>;

function optionalDate(body: Body, name: string): Date | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === "") return undefined;
  const date = typeof value === "string" ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new HttpError(400, `${name} must be an ISO date`);
  return date;
}

function optionalInteger(body: Body, name: string, min: number, max: number): number | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new HttpError(400, `${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}

function optionalName(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string" || value.length > 200)
    throw new HttpError(400, `${name} must be a short string`);
  return value;
}

function requiredName(body: Body, name: string): string {
  const value = optionalName(body, name);
  if (value === undefined) throw new HttpError(400, `${name} is required`);
  return value;
}

/** A store without the capability: 501, like every other optional capability of the dashboard. */
function unsupported(error: unknown): never {
  if (error instanceof WorkflowError && /capability/.test(error.message))
    throw new HttpError(501, error.message);
  // PostgreSQL's undefined_function: the partition maintenance function is installed by partitioning.
  if ((error as { code?: unknown })?.code === "42883") {
    throw new HttpError(
      409,
      "The history table is not partitioned (run `duraflows history partition` first)",
    );
  }
  throw error;
}

/**
 * History-at-scale routes of the JSON API: retention (prune history, purge finished instances, each with a dry
 * run), partition maintenance and bulk transitions. Mutations arrive here after auth, write permission and CSRF
 * checks; each runs at most a bounded number of batches and says whether more is left. @internal
 */
export class DashboardMaintenance {
  constructor(private readonly options: DashboardOptions) {}

  /** Prunes (or, with `dryRun`, counts) history rows older than `before` and/or beyond the `keepLast` newest. */
  async pruneHistory(body: Body): Promise<unknown> {
    const olderThan = optionalDate(body, "before");
    const keepLast = optionalInteger(body, "keepLast", 1, 1_000_000);
    if (olderThan === undefined && keepLast === undefined)
      throw new HttpError(400, "Give before, keepLast or both");
    const workflowName = optionalName(body, "workflowName");
    const batchSize = optionalInteger(body, "batchSize", 1, 10_000) ?? 1000;
    const maxBatches =
      optionalInteger(body, "maxBatches", 1, MAX_BATCHES_PER_REQUEST) ?? DEFAULT_BATCHES_PER_REQUEST;
    const result = await this.options.runtime
      .pruneHistory({
        ...(olderThan ? { olderThan } : {}),
        ...(keepLast !== undefined ? { keepLast } : {}),
        ...(workflowName ? { workflowName } : {}),
        batchSize,
        maxBatches,
        dryRun: body.dryRun === true,
      })
      .catch(unsupported);
    return { ...result, more: !result.dryRun && result.batches === maxBatches };
  }

  /** Purges (or counts) instances resting in a terminal state since before `before`, with their rows. */
  async purgeInstances(body: Body): Promise<unknown> {
    const terminalBefore = optionalDate(body, "before");
    if (terminalBefore === undefined) throw new HttpError(400, "before is required");
    const workflowName = optionalName(body, "workflowName");
    const batchSize = optionalInteger(body, "batchSize", 1, 10_000) ?? 500;
    const maxBatches =
      optionalInteger(body, "maxBatches", 1, MAX_BATCHES_PER_REQUEST) ?? DEFAULT_BATCHES_PER_REQUEST;
    const result = await this.options.runtime
      .purgeInstances({
        terminalBefore,
        ...(workflowName ? { workflowName } : {}),
        batchSize,
        maxBatches,
        dryRun: body.dryRun === true,
      })
      .catch(unsupported);
    return { ...result, more: !result.dryRun && result.batches === maxBatches };
  }

  /** One partition maintenance pass (create ahead; detach or drop before `dropBefore`). */
  maintainPartitions(body: Body): Promise<unknown> {
    const premake = optionalInteger(body, "premake", 0, 1000);
    const dropBefore = optionalDate(body, "dropBefore");
    return this.options.runtime
      .maintainHistoryPartitions({
        ...(premake !== undefined ? { premake } : {}),
        ...(dropBefore ? { dropBefore } : {}),
        detachOnly: body.detachOnly === true,
      })
      .catch(unsupported);
  }

  /** Triggers `eventName` on up to `limit` instances of `workflowName` resting in `state`; the actor is recorded. */
  triggerMany(workflowName: string, body: Body, identity: DashboardIdentity): Promise<unknown> {
    if (!this.options.definitionRegistry.has(workflowName)) throw new HttpError(404, "Unknown workflow");
    const state = requiredName(body, "state");
    const eventName = requiredName(body, "eventName");
    const definition = this.options.definitionRegistry.get(workflowName);
    if (!Object.hasOwn(definition.states, state)) {
      throw new HttpError(400, `Workflow ${workflowName} has no state ${state}`);
    }
    const events = definition.states[state]!.events ?? {};
    if (!Object.hasOwn(events, eventName)) {
      throw new HttpError(400, `Event ${eventName} is not available in state ${state}`);
    }
    const limit = optionalInteger(body, "limit", 1, MAX_BULK_LIMIT);
    if (limit === undefined) throw new HttpError(400, "limit is required");
    return this.options.runtime
      .triggerEventForMany({
        workflowName,
        state,
        eventName,
        limit,
        triggerMetadata: { dashboard: { actor: identity.id } },
      })
      .catch(unsupported);
  }
}
