import type { WorkflowHistoryRecord } from "../model/workflow-history-record.js";
import { TRACE_ID_METADATA_KEY } from "./telemetry-attributes.js";
import type { WorkflowTelemetry } from "./workflow-telemetry.js";

/**
 * The history record with the active trace id added to its trigger metadata (a copy; the caller's metadata,
 * often the frozen context value, is left alone), or the record itself when no span is active.
 *
 * @internal
 */
export function withTraceId(
  telemetry: WorkflowTelemetry | undefined,
  record: WorkflowHistoryRecord,
): WorkflowHistoryRecord {
  const traceId = telemetry?.traceId();
  if (traceId === undefined) return record;
  return { ...record, triggerMetadata: { ...record.triggerMetadata, [TRACE_ID_METADATA_KEY]: traceId } };
}
