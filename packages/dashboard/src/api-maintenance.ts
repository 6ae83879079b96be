import { WorkflowError } from "@duraflows/core";
import type { DashboardIdentity, DashboardOptions } from "./dashboard-options.js";
import { HttpError } from "./http-io.js";

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
 * Maintenance routes of the JSON API: bulk transitions and history partition maintenance (retention has its own
 * routes). They arrive here after auth, write permission and CSRF checks. @internal
 */
export class DashboardMaintenance {
  constructor(private readonly options: DashboardOptions) {}

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
