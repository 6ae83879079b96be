import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";
import { TRACE_CONTEXT_METADATA_KEY, TRACE_ID_METADATA_KEY } from "./telemetry-attributes.js";
import type { WorkflowTelemetry } from "./workflow-telemetry.js";

/**
 * The history record with the active trace id and trace context (the span that writes the row) added to its
 * trigger metadata (a copy; the caller's metadata, often the frozen context value, is left alone), or the
 * record itself when no span is active. A trace context already there (a queued event's enqueuing span) is
 * replaced: the row leads to the trace that wrote it, which links to the enqueuing one.
 *
 * @internal
 */
export function withTraceId(
  telemetry: WorkflowTelemetry | undefined,
  record: WorkflowHistoryRecord,
): WorkflowHistoryRecord {
  const trace = telemetry?.captureContext();
  if (trace === undefined) return record;
  return {
    ...record,
    triggerMetadata: {
      ...record.triggerMetadata,
      [TRACE_ID_METADATA_KEY]: trace.traceparent.slice(3, 35),
      [TRACE_CONTEXT_METADATA_KEY]: trace,
    },
  };
}
