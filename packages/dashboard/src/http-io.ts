import type { IncomingMessage, ServerResponse } from "node:http";
import {
  InvalidArgumentError,
  WorkflowError,
  WorkflowInstanceNotFoundError,
  DurableExecutionNotSupportedError,
} from "@duraflows/core";

/** An HTTP error with the status and message sent to the client. @internal */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Headers every dashboard response carries: strict CSP (no inline script), no sniffing, no framing. @internal */
export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
};

/** Sends `body` as JSON with the security headers. @internal */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Maps a thrown error to a status: input and workflow errors are 4xx, anything else 500. @internal */
export function errorStatus(error: unknown): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  if (error instanceof WorkflowInstanceNotFoundError) return { status: 404, message: error.message };
  if (error instanceof InvalidArgumentError) return { status: 400, message: error.message };
  if (error instanceof DurableExecutionNotSupportedError) return { status: 501, message: error.message };
  if (error instanceof WorkflowError) return { status: 409, message: error.message };
  return { status: 500, message: "Internal error" };
}

const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON object body (at most 64 KiB, `application/json` only). @internal */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
    throw new HttpError(415, "Send the body as application/json");
  }
  // Express, Connect and NestJS body parsers may have consumed the stream already and left the result here.
  const preParsed = (req as IncomingMessage & { body?: unknown }).body;
  if (req.readableEnded && preParsed !== undefined) return asObject(preParsed);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "Body too large");
    chunks.push(chunk as Buffer);
  }
  let parsed: unknown;
  try {
    parsed = size === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "Body is not valid JSON");
  }
  return asObject(parsed);
}

function asObject(parsed: unknown): Record<string, unknown> {
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new HttpError(400, "Body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}
