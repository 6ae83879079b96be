// Profiling helper for the in-memory scenario (phase 2 of issue #10): fires `go` on the toggle workflow in
// memory N times and prints transitions/s. Run with a CPU profile:
//   TSX_TSCONFIG_PATH=bench/tsconfig.json node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/prototypes/profile-in-memory.ts
import { performance } from "node:perf_hooks";
import { toggleWorkflow } from "../fixtures/workflows.js";
import { createBenchRuntime } from "../lib/duraflows.js";

const count = Number(process.argv[2] ?? 50_000);
const { runtime } = await createBenchRuntime("memory", undefined, 1);
const uuid = (await runtime.createInstance({ workflowName: toggleWorkflow.name })).uuid;
for (let i = 0; i < 2_000; i++) await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" });
const t0 = performance.now();
for (let i = 0; i < count; i++) await runtime.triggerEvent({ workflowInstanceUuid: uuid, eventName: "go" });
const seconds = (performance.now() - t0) / 1000;
console.log(`${count} transitions in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} transitions/s`);
