import { performance } from "node:perf_hooks";
import { median, percentile } from "./stats.js";

/** One timed run of a closed-loop load. */
export interface RunSample {
  ops: number;
  seconds: number;
  opsPerSecond: number;
  /** Per-operation latency in milliseconds. */
  p50Ms: number;
  p99Ms: number;
}

/**
 * Closed-loop load: `callers` concurrent loops each run `op(callerIndex, iteration)` back to back until
 * `durationMs` has passed; every op that started before the deadline is awaited and counted. Latency is taken
 * per op with performance.now().
 */
export async function runClosedLoop(
  callers: number,
  durationMs: number,
  op: (caller: number, iteration: number) => Promise<unknown>,
): Promise<RunSample> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  const loop = async (caller: number): Promise<void> => {
    for (let iteration = 0; performance.now() < deadline; iteration++) {
      const t0 = performance.now();
      await op(caller, iteration);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: callers }, (_, caller) => loop(caller)));
  const seconds = (performance.now() - started) / 1000;
  return {
    ops: latencies.length,
    seconds,
    opsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/** Times one async job; returns seconds. */
export async function timeIt(job: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await job();
  return (performance.now() - t0) / 1000;
}

/** The median of each field over several runs. */
export interface MedianSample {
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  runs: number;
}

function medianOf(samples: readonly RunSample[]): MedianSample {
  return {
    opsPerSecond: median(samples.map((s) => s.opsPerSecond)),
    p50Ms: median(samples.map((s) => s.p50Ms)),
    p99Ms: median(samples.map((s) => s.p99Ms)),
    runs: samples.length,
  };
}

/** A contender in an interleaved comparison. */
export interface Contender {
  name: string;
  /** One timed run; called once for warm-up and then `runs` times. */
  run(durationMs: number): Promise<RunSample>;
}

/**
 * Runs every contender `runs` times, interleaved after one warm-up each, rotating the order every round
 * (A B C, B C A, C A B, …) so slow drift on a shared machine (other engineers' builds, autovacuum) and any
 * position effect (who runs right after whom) hit every contender alike; returns medians by name.
 */
export async function compareInterleaved(
  contenders: readonly Contender[],
  runs: number,
  durationMs: number,
  warmupMs: number,
): Promise<Map<string, MedianSample>> {
  for (const contender of contenders) await contender.run(warmupMs);
  const samples = new Map<string, RunSample[]>(contenders.map((c) => [c.name, []]));
  for (let run = 0; run < runs; run++) {
    for (let k = 0; k < contenders.length; k++) {
      const contender = contenders[(run + k) % contenders.length];
      samples.get(contender.name)!.push(await contender.run(durationMs));
    }
  }
  return new Map([...samples].map(([name, list]) => [name, medianOf(list)]));
}
