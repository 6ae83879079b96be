import type pg from "pg";
import type { WorkflowRuntime } from "@duraflows/core";
import { handWrittenTransition } from "../baselines/hand-written.js";
import type { BenchDatabase } from "./bench-database.js";
import { createBenchRuntime, createInstances, type Backend, type BenchRuntime } from "./duraflows.js";
import { runClosedLoop, type Contender } from "./load.js";

/*
 * Runtimes and pools are opened once per scenario and sized for its largest caller count. A closed loop of N
 * callers never holds more than N connections, so the pool is effectively N at every level — and no extra
 * pools are created per level (each pool a runtime uses leaves an AsyncLocalStorage behind that taxes every
 * later promise in the process on Node 20, which would skew the later levels).
 */

/** Per-caller instance sets: each caller cycles through its own instances so callers never wait on each other. */
export async function instanceSets(
  runtime: WorkflowRuntime,
  workflowName: string,
  callers: number,
  perCaller: number,
): Promise<string[][]> {
  const sets: string[][] = [];
  for (let caller = 0; caller < callers; caller++)
    sets.push(await createInstances(runtime, workflowName, perCaller));
  return sets;
}

/**
 * `event` on the callers' own instances through a duraflows runtime. Given several runtimes, each pass over a
 * caller's instances goes through the next one: with two, every event on an instance arrives at the runtime
 * that did not move it last, as when two processes behind a load balancer share the instances.
 */
export function duraflowsContender(
  name: string,
  runtimes: WorkflowRuntime | readonly WorkflowRuntime[],
  sets: string[][],
  event = "go",
): Contender {
  const list: readonly WorkflowRuntime[] = Array.isArray(runtimes) ? runtimes : [runtimes as WorkflowRuntime];
  return {
    name,
    run: (durationMs) =>
      runClosedLoop(sets.length, durationMs, (caller, i) => {
        const set = sets[caller];
        return list[Math.floor(i / set.length) % list.length].triggerEvent({
          workflowInstanceUuid: set[i % set.length],
          eventName: event,
        });
      }),
  };
}

/**
 * The hand-written 5-statement transition (toggle a ↔ b) on the callers' own instances; `named` prepares its
 * statements (phase-2 experiments only: the issue's baseline is plain application code, unnamed).
 */
export function baselineContender(name: string, pool: pg.Pool, sets: string[][], named = false): Contender {
  const flip = (state: string): string => (state === "a" ? "b" : "a");
  return {
    name,
    run: (durationMs) =>
      runClosedLoop(sets.length, durationMs, (caller, i) =>
        handWrittenTransition(pool, sets[caller][i % sets[caller].length], "go", flip, {}, false, named),
      ),
  };
}

/** A duraflows subject of a scenario: its runtime, or why it could not be opened. */
export type Subject = { name: string; bench: BenchRuntime } | { name: string; error: string };

/**
 * Opens one runtime per backend; one that fails to open (a package still under construction) is reported
 * instead of failing the scenario.
 */
export async function openSubjects(
  db: BenchDatabase,
  poolSize: number,
  backends: ReadonlyArray<readonly [string, Backend]>,
): Promise<Subject[]> {
  const subjects: Subject[] = [];
  for (const [name, backend] of backends) {
    try {
      subjects.push({ name, bench: await createBenchRuntime(backend, db, poolSize) });
    } catch (error) {
      subjects.push({
        name,
        error: `${name} could not run: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  return subjects;
}

export async function closeSubjects(subjects: readonly Subject[]): Promise<void> {
  await Promise.allSettled(subjects.map((s) => ("bench" in s ? s.bench.close() : undefined)));
}
