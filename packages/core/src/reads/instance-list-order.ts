import { InvalidArgumentError } from "../errors/workflow-error.js";
import type { WorkflowInstance } from "../model/workflow-instance.js";
import type {
  InstanceListDirection,
  InstanceListOrderBy,
  InstancePage,
  ListInstancesInput,
} from "./instance-reads.js";
import { encodeReadCursor } from "./read-cursor.js";

/** The validated sort order of a `listInstances` call, with defaults applied. */
export interface InstanceListOrder {
  by: InstanceListOrderBy;
  direction: InstanceListDirection;
}

/**
 * The sort order a `listInstances` input asks for: `lastTransitionAt` and `desc` unless given. Anything else
 * throws `InvalidArgumentError`, so a store may map the result to SQL without quoting it. For store
 * implementations; the cursor of a page holds the value of `by` of its last row, then its uuid.
 */
export function resolveInstanceListOrder(
  input: Pick<ListInstancesInput, "orderBy" | "direction">,
): InstanceListOrder {
  const by = input.orderBy ?? "lastTransitionAt";
  const direction = input.direction ?? "desc";
  if (by !== "lastTransitionAt" && by !== "createdAt") {
    throw new InvalidArgumentError('orderBy must be "lastTransitionAt" or "createdAt"');
  }
  if (direction !== "desc" && direction !== "asc") {
    throw new InvalidArgumentError('direction must be "desc" or "asc"');
  }
  return { by, direction };
}

/**
 * The page of a `listInstances` call from the rows a store fetched in the input's order, at most `limit + 1`
 * of them (one more than the page tells that a next page exists): the first `limit` rows, and the cursor of
 * the last one (its `orderBy` timestamp and uuid) when more follow. For store implementations.
 */
export function toInstancePage(
  fetched: readonly WorkflowInstance[],
  input: Pick<ListInstancesInput, "orderBy" | "direction" | "limit">,
): InstancePage {
  const { by } = resolveInstanceListOrder(input);
  const items = fetched.slice(0, input.limit);
  const last = items.at(-1);
  const more = fetched.length > input.limit && last !== undefined;
  return {
    items,
    nextCursor: more
      ? encodeReadCursor(by === "createdAt" ? last.createdAt : last.lastTransitionAt, last.uuid)
      : null,
  };
}
