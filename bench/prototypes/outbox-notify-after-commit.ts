// Prototype measured by the wake-outbox scenario: the outbox's wake-up sent after the commit instead of inside
// the transaction. PostgreSQL lets one transaction that called pg_notify commit at a time (a server-wide lock
// held until its commit is flushed), so an outbox write that notifies serialises every concurrent writer. Here
// the outbox INSERT is sent without its pg_notify, and once the transaction that wrote rows has committed, one
// pg_notify on the pool (in a transaction with synchronous_commit off) wakes the relays: at most one in flight
// per pool, later requests coalesced into one more. Wake-ups stay hints (a lost one is caught by the next poll), so sending them late changes no
// guarantee. It patches the pool's clients because the SQL lives in the adapter; nothing else changes.
import type pg from "pg";
import { WAKE_CHANNEL } from "@duraflows/core";

const WRAPPED = Symbol("outboxNotifyAfterCommit");
const NOTIFY_IN_TRANSACTION = `SELECT pg_notify('${WAKE_CHANNEL}', 'outbox') FROM (SELECT 1 FROM inserted LIMIT 1) AS any_row`;
const WITHOUT_NOTIFY = "SELECT 1 FROM inserted LIMIT 1";
/*
 * The wake-up alone, in a transaction that does not wait for its commit record to reach the disk: the lock
 * that serialises notifying commits is then held for microseconds rather than a flush, and a wake-up lost in a
 * crash costs nothing (the next poll finds the rows, which committed durably in their own transaction).
 */
const NOTIFY_ALONE = `BEGIN; SET LOCAL synchronous_commit TO off; SELECT pg_notify('${WAKE_CHANNEL}', 'outbox'); COMMIT`;

type QueryConfig = { text: string; values?: unknown[]; name?: string };
type Query = (...args: unknown[]) => Promise<pg.QueryResult>;

/** Sends the outbox wake-up on `pool`, one at a time, coalescing the requests that arrive meanwhile. */
function coalescedNotifier(pool: pg.Pool): () => void {
  let inFlight = false;
  let again = false;
  const send = (): void => {
    inFlight = true;
    again = false;
    pool
      .query(NOTIFY_ALONE)
      .catch(() => undefined)
      .finally(() => {
        inFlight = false;
        if (again) send();
      });
  };
  return () => {
    if (inFlight) again = true;
    else send();
  };
}

/** Installs the prototype on every connection `pool` opens from now on. */
export function installOutboxNotifyAfterCommit(pool: pg.Pool): void {
  const notify = coalescedNotifier(pool);
  pool.on("connect", (client) => {
    const target = client as unknown as Record<PropertyKey, unknown>;
    if (target[WRAPPED]) return;
    target[WRAPPED] = true;
    const send = client.query.bind(client) as unknown as Query;
    let wroteOutbox = false;
    target["query"] = (...args: unknown[]): Promise<pg.QueryResult> | unknown => {
      if (args.length !== 1) return send(...args);
      const config = args[0] as QueryConfig | string;
      const text = typeof config === "string" ? config : config.text;
      if (text.includes(NOTIFY_IN_TRANSACTION)) {
        wroteOutbox = true;
        const rewritten = text.replace(NOTIFY_IN_TRANSACTION, WITHOUT_NOTIFY);
        return send(typeof config === "string" ? rewritten : { ...config, text: rewritten });
      }
      if (text === "COMMIT" || text === "ROLLBACK") {
        const committed = wroteOutbox && text === "COMMIT";
        wroteOutbox = false;
        const result = send(config);
        return committed ? result.then((r) => (notify(), r)) : result;
      }
      return send(config);
    };
  });
}
