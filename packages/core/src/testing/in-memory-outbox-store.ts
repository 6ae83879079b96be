import { WorkflowError } from "../errors/workflow-error.js";
import type {
  ClaimOutboxInput,
  ListOutboxInput,
  OutboxFailure,
  WorkflowOutboxStore,
} from "../persistence/workflow-outbox-store.js";
import type { NewWorkflowOutboxRecord, WorkflowOutboxRecord } from "../model/outbox.js";
import type { InMemoryTransactionRunner } from "./in-memory-transaction-runner.js";

/**
 * A {@link WorkflowOutboxStore} in memory, for tests. Every method requires an active transaction of the
 * runner; writes roll back with it. Claims are atomic (one synchronous step), so parallel relays in one
 * process never claim the same row.
 *
 * @example
 * ```ts
 * const persistence = createInMemoryPersistence({ outbox: true });
 * const runtime = new WorkflowRuntime({ ...persistence, observerDelivery: "outbox", definitionRegistry, commandRegistry, clock });
 * ```
 */
export class InMemoryOutboxStore implements WorkflowOutboxStore {
  private readonly rows = new Map<string, WorkflowOutboxRecord>();
  private nextSeq = 1;

  constructor(private readonly transactionRunner: InMemoryTransactionRunner) {}

  /** Inserts the rows in order; a duplicate uuid throws. */
  async append(rows: readonly NewWorkflowOutboxRecord[]): Promise<void> {
    this.requireTransaction();
    for (const row of rows) {
      if (this.rows.has(row.uuid)) throw new WorkflowError(`Outbox record ${row.uuid} already exists`);
      this.set({
        ...structuredClone(row),
        event: JSON.parse(JSON.stringify(row.event)) as WorkflowOutboxRecord["event"],
        seq: this.nextSeq++,
        status: "pending",
        attempts: 0,
        availableAt: new Date(row.createdAt.getTime()),
        lastError: null,
        deliveredAt: null,
      });
    }
  }

  /** Claims the oldest due pending row of each instance and observer. */
  async claimDue(input: ClaimOutboxInput): Promise<WorkflowOutboxRecord[]> {
    this.requireTransaction();
    const heads = new Map<string, WorkflowOutboxRecord>();
    const names = new Set(input.observerNames);
    for (const row of this.ordered()) {
      if (row.status !== "pending" || !names.has(row.observerName)) continue;
      const key = JSON.stringify([row.workflowInstanceUuid, row.observerName]);
      if (!heads.has(key)) heads.set(key, row);
    }
    const claimed: WorkflowOutboxRecord[] = [];
    for (const row of heads.values()) {
      if (claimed.length >= input.limit) break;
      if (row.availableAt.getTime() > input.now.getTime()) continue;
      const next = { ...row, attempts: row.attempts + 1, availableAt: new Date(input.leaseUntil.getTime()) };
      this.set(next);
      claimed.push(structuredClone(next));
    }
    return claimed;
  }

  /** Marks pending rows delivered. */
  async markDelivered(uuids: readonly string[], at: Date): Promise<void> {
    this.requireTransaction();
    for (const uuid of uuids) {
      const row = this.rows.get(uuid);
      if (row?.status === "pending")
        this.set({ ...row, status: "delivered", deliveredAt: new Date(at.getTime()) });
    }
  }

  /** Records a failed attempt of the claim that set `attempts`. */
  async markFailed(failure: OutboxFailure): Promise<void> {
    this.requireTransaction();
    const row = this.rows.get(failure.uuid);
    if (row?.status !== "pending" || row.attempts !== failure.attempts) return;
    this.set({
      ...row,
      lastError: failure.error,
      ...(failure.retryAt === null
        ? { status: "parked" as const }
        : { availableAt: new Date(failure.retryAt.getTime()) }),
    });
  }

  /** Rows, oldest first. */
  async list(input: ListOutboxInput): Promise<WorkflowOutboxRecord[]> {
    this.requireTransaction();
    return this.ordered()
      .filter(
        (row) =>
          (input.status === undefined || row.status === input.status) &&
          (input.workflowInstanceUuid === undefined ||
            row.workflowInstanceUuid === input.workflowInstanceUuid),
      )
      .slice(0, input.limit)
      .map((row) => structuredClone(row));
  }

  /** Back to pending, due at `now`, zero attempts. */
  async redeliver(uuid: string, now: Date): Promise<WorkflowOutboxRecord | null> {
    this.requireTransaction();
    const row = this.rows.get(uuid);
    if (!row) return null;
    const next = {
      ...row,
      status: "pending" as const,
      attempts: 0,
      availableAt: new Date(now.getTime()),
      deliveredAt: null,
    };
    this.set(next);
    return structuredClone(next);
  }

  /** Deletes up to `limit` rows delivered before `before`. */
  async deleteDelivered(input: { before: Date; limit: number }): Promise<number> {
    this.requireTransaction();
    let deleted = 0;
    for (const row of this.ordered()) {
      if (deleted >= input.limit) break;
      if (row.status !== "delivered" || row.deliveredAt === null) continue;
      if (row.deliveredAt.getTime() >= input.before.getTime()) continue;
      this.rows.delete(row.uuid);
      this.transactionRunner.recordUndo(() => this.rows.set(row.uuid, row));
      deleted++;
    }
    return deleted;
  }

  private ordered(): WorkflowOutboxRecord[] {
    return [...this.rows.values()].sort((a, b) => a.seq - b.seq);
  }

  private set(row: WorkflowOutboxRecord): void {
    const previous = this.rows.get(row.uuid);
    this.rows.set(row.uuid, row);
    this.transactionRunner.recordUndo(() => {
      if (previous) this.rows.set(row.uuid, previous);
      else this.rows.delete(row.uuid);
    });
  }

  private requireTransaction(): void {
    if (!this.transactionRunner.isTransactionActive()) {
      throw new WorkflowError("WorkflowOutboxStore requires an active transaction");
    }
  }
}
