import { WorkflowError } from "@duraflows/core";
import type { DashboardOptions } from "./dashboard-options.js";
import { HttpError } from "./http-io.js";
import { QueryParams } from "./query-params.js";

const DAY_MS = 86_400_000;
/** Batches one request deletes at most, so an action answers within a request's time; run it again for more. */
const MAX_BATCHES = 10;

/** The retention rule of one request: the same fields for the dry-run counts (query) and the actions (body). */
interface RetentionRule {
  workflowName?: string;
  /** History rows older than this many days. */
  historyOlderThanDays?: number;
  /** History rows beyond an instance's newest `keepLast`. */
  keepLast?: number;
  /** Terminal instances whose last transition is older than this many days. */
  terminalForDays?: number;
}

function days(now: Date, count: number): Date {
  return new Date(now.getTime() - count * DAY_MS);
}

/**
 * Retention routes: dry-run counts of the history rows `pruneHistory` and the terminal instances
 * `purgeInstances` would delete, and the two deletions themselves (callers have passed auth, write permission
 * and CSRF checks for those), each bounded to a few batches per request. @internal
 */
export class DashboardRetention {
  constructor(private readonly options: DashboardOptions) {}

  private now(): Date {
    return (this.options.clock ?? { now: () => new Date() }).now();
  }

  /** Runs a runtime retention call; a history store without the capability is a 501, not a conflict. */
  private async capable<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof WorkflowError && /requires a history store/.test(error.message)) {
        throw new HttpError(501, error.message);
      }
      throw error;
    }
  }

  private workflow(name: string | undefined): string | undefined {
    if (name !== undefined && !this.options.definitionRegistry.has(name)) {
      throw new HttpError(404, "Unknown workflow");
    }
    return name;
  }

  private historyRule(rule: RetentionRule) {
    if (rule.historyOlderThanDays === undefined && rule.keepLast === undefined) return undefined;
    return {
      ...(rule.historyOlderThanDays === undefined
        ? {}
        : { olderThan: days(this.now(), rule.historyOlderThanDays) }),
      ...(rule.keepLast === undefined ? {} : { keepLast: rule.keepLast }),
      ...(rule.workflowName === undefined ? {} : { workflowName: rule.workflowName }),
    };
  }

  private purgeRule(rule: RetentionRule) {
    if (rule.terminalForDays === undefined) return undefined;
    return {
      terminalBefore: days(this.now(), rule.terminalForDays),
      ...(rule.workflowName === undefined ? {} : { workflowName: rule.workflowName }),
    };
  }

  /** What the two deletions would remove under the query's rule (`null` for a part the query leaves out). */
  async counts(params: URLSearchParams): Promise<unknown> {
    const rule = this.fromQuery(params);
    const history = this.historyRule(rule);
    const purge = this.purgeRule(rule);
    const runtime = this.options.runtime;
    return {
      history: history ? await this.capable(() => runtime.pruneHistory({ ...history, dryRun: true })) : null,
      instances: purge ? await this.capable(() => runtime.purgeInstances({ ...purge, dryRun: true })) : null,
    };
  }

  /** Deletes prunable history rows, at most {@link MAX_BATCHES} batches. */
  async prune(body: Record<string, unknown>): Promise<unknown> {
    const history = this.historyRule(this.fromBody(body));
    if (!history) throw new HttpError(400, "Give historyOlderThanDays, keepLast or both");
    return {
      ...(await this.capable(() =>
        this.options.runtime.pruneHistory({ ...history, maxBatches: MAX_BATCHES }),
      )),
      maxBatches: MAX_BATCHES,
    };
  }

  /** Deletes purgeable terminal instances with their history, at most {@link MAX_BATCHES} batches. */
  async purge(body: Record<string, unknown>): Promise<unknown> {
    const purge = this.purgeRule(this.fromBody(body));
    if (!purge) throw new HttpError(400, "Give terminalForDays");
    return {
      ...(await this.capable(() =>
        this.options.runtime.purgeInstances({ ...purge, maxBatches: MAX_BATCHES }),
      )),
      maxBatches: MAX_BATCHES,
    };
  }

  private fromQuery(params: URLSearchParams): RetentionRule {
    const query = new QueryParams(params);
    return this.checked({
      workflowName: query.text("workflow"),
      historyOlderThanDays: query.integer("historyOlderThanDays", 0, 100_000),
      keepLast: query.integer("keepLast", 1, 1_000_000),
      terminalForDays: query.integer("terminalForDays", 0, 100_000),
    });
  }

  private fromBody(body: Record<string, unknown>): RetentionRule {
    const integer = (name: string, min: number, max: number): number | undefined => {
      const value = body[name];
      if (value === undefined || value === null) return undefined;
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
        throw new HttpError(400, `${name} must be an integer between ${min} and ${max}`);
      }
      return value;
    };
    const workflow = body.workflow;
    if (workflow !== undefined && workflow !== null && (typeof workflow !== "string" || workflow === "")) {
      throw new HttpError(400, "workflow must be a workflow name");
    }
    return this.checked({
      workflowName: typeof workflow === "string" ? workflow : undefined,
      historyOlderThanDays: integer("historyOlderThanDays", 0, 100_000),
      keepLast: integer("keepLast", 1, 1_000_000),
      terminalForDays: integer("terminalForDays", 0, 100_000),
    });
  }

  private checked(rule: RetentionRule): RetentionRule {
    this.workflow(rule.workflowName);
    return Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined));
  }
}
