import type { DashboardIdentity, DashboardOptions } from "./dashboard-options.js";
import { HttpError } from "./http-io.js";
import { requireUuid } from "./query-params.js";

/** Trigger metadata recorded with a dashboard action. */
function actorMetadata(identity: DashboardIdentity): Record<string, unknown> {
  return { dashboard: { actor: identity.id } };
}

/** Mutation routes of the JSON API (callers have passed auth, write permission and CSRF checks). @internal */
export class DashboardActions {
  constructor(private readonly options: DashboardOptions) {}

  /** Triggers `eventName` on the instance with the JSON `payload` as subject; the actor goes in the history. */
  async trigger(uuid: string, body: Record<string, unknown>, identity: DashboardIdentity): Promise<unknown> {
    requireUuid(uuid);
    const { eventName, payload } = body;
    if (typeof eventName !== "string" || eventName === "" || eventName.length > 200) {
      throw new HttpError(400, "eventName must be a non-empty string");
    }
    const available = await this.options.runtime.getAvailableEvents({ workflowInstanceUuid: uuid });
    if (!available.some((event) => event.eventName === eventName)) {
      throw new HttpError(409, "The event is not available in the instance's current state");
    }
    return this.options.runtime.triggerEvent({
      workflowInstanceUuid: uuid,
      eventName,
      ...(payload === undefined ? {} : { subject: payload }),
      triggerMetadata: actorMetadata(identity),
    });
  }

  /** Moves a parked execution back to pending; a `$retried` history row records the actor. */
  retry(uuid: string, identity: DashboardIdentity): Promise<unknown> {
    return this.options.runtime.retryExecution(requireUuid(uuid), {
      triggerMetadata: actorMetadata(identity),
    });
  }

  /** Cancels an execution that is neither completed nor leased; a `$cancelled` history row records the actor. */
  cancel(uuid: string, identity: DashboardIdentity): Promise<unknown> {
    return this.options.runtime.cancelExecution(requireUuid(uuid), {
      triggerMetadata: actorMetadata(identity),
    });
  }

  /** Rearms a parked timeout; a `$rearmed` history row records the actor (none when nothing was parked). */
  rearm(uuid: string, identity: DashboardIdentity): Promise<unknown> {
    return this.options.runtime.rearmTimeout(requireUuid(uuid), { triggerMetadata: actorMetadata(identity) });
  }
}
