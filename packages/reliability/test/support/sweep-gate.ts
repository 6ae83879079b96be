import type pg from "pg";
import { waitFor } from "./wait-for.js";

/** Advisory lock key the gate waits on. */
const GATE_LOCK = 7_424_242;

/**
 * Widens the window of the timeout scan on purpose, without changing its SQL: connections whose search_path
 * starts with `gated` read `workflow_instances` through a view that, for the row whose metadata holds
 * `{ "gate": "closed" }`, waits on an advisory lock. The scan statement has taken its snapshot by then and
 * locks the rows it returns only afterwards, so whatever the test commits while the gate is held happens
 * exactly between the scan's snapshot and its row locks.
 */
export async function installSweepGate(admin: pg.Pool): Promise<void> {
  await admin.query(`
CREATE OR REPLACE FUNCTION public.race_sweep_gate(metadata jsonb) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF metadata->>'gate' = 'closed' THEN
    PERFORM pg_advisory_xact_lock_shared(${GATE_LOCK});
  END IF;
  RETURN true;
END $$;
CREATE SCHEMA IF NOT EXISTS gated;
CREATE OR REPLACE VIEW gated.workflow_instances AS
  SELECT * FROM public.workflow_instances WHERE public.race_sweep_gate(metadata_json);`);
}

/** Pool options that route a connection's instance reads through the gate. */
export const GATED_POOL: pg.PoolConfig = { options: "-c search_path=gated,public" };

/** The closed gate: a session holding the lock, opened by `open()`. */
export interface ClosedGate {
  /** Resolves once a statement of the database is waiting at the gate. */
  waiting(): Promise<void>;
  open(): Promise<void>;
}

/** Closes the gate (takes the advisory lock on a dedicated connection). */
export async function closeSweepGate(admin: pg.Pool): Promise<ClosedGate> {
  const holder = await admin.connect();
  await holder.query("SELECT pg_advisory_lock($1)", [GATE_LOCK]);
  return {
    waiting: () =>
      waitFor(async () => {
        const { rows } = await admin.query(
          `SELECT 1 FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
        );
        return rows.length > 0;
      }, "a statement waiting at the sweep gate"),
    async open() {
      try {
        await holder.query("SELECT pg_advisory_unlock($1)", [GATE_LOCK]);
      } finally {
        holder.release();
      }
    },
  };
}
