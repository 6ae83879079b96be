import { Catch, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from "@nestjs/common";
import {
  ExecutionLeaseLostError,
  IdempotencyConflictError,
  IdempotencyInProgressError,
  IncompatibleDefinitionError,
  InvalidArgumentError,
  WorkflowSchemaValidationError,
  type WorkflowSchemaIssue,
  InvalidEventError,
  isRetryableWorkflowError,
  WorkflowError,
  WorkflowInstanceBusyError,
  WorkflowInstanceNotFoundError,
} from "@duraflows/core";
import {
  INTERNAL_SERVER_ERROR_MESSAGE,
  RETRY_AFTER_SECONDS,
  TRANSIENT_DATABASE_ERROR_MESSAGE,
} from "../workflow.messages.js";

const CONFLICT_ERRORS = [
  InvalidEventError,
  IncompatibleDefinitionError,
  IdempotencyConflictError,
  IdempotencyInProgressError,
  WorkflowInstanceBusyError,
  ExecutionLeaseLostError,
];

/** The JSON body the filter writes. */
interface WorkflowErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Present for a value a typed workflow's schema rejected: every issue, with its path. */
  issues?: WorkflowSchemaIssue[];
}

/** Minimal response surface shared by Express and Fastify (`header` exists on both). */
interface StatusSendResponse {
  status(code: number): { send(body: unknown): unknown };
  header?(name: string, value: string): unknown;
  setHeader?(name: string, value: string): unknown;
}

/**
 * Matches, through `instanceof` (which `@Catch` uses), any thrown value that `isRetryableWorkflowError`
 * recognises: the adapters propagate driver errors unchanged, so a lock timeout reaches the filter as a plain
 * driver error rather than a `WorkflowError`. Other non-workflow errors keep Nest's default handling.
 */
class RetryableDatabaseError {
  static [Symbol.hasInstance](value: unknown): boolean {
    return isRetryableWorkflowError(value);
  }
}

/**
 * Maps `WorkflowError`s to HTTP answers `{ statusCode, error, message }`: not found → 404, conflicts → 409,
 * invalid arguments → 400, anything else → a sanitized 500 that is logged with its cause. A lock timeout,
 * serialization failure or deadlock (SQLSTATE `55P03`, `40001`, `40P01`, see `isRetryableWorkflowError`) —
 * whether raw from the driver or wrapped in a `WorkflowError` — answers 503 with a `Retry-After` header.
 */
@Catch(WorkflowError, RetryableDatabaseError)
export class WorkflowExceptionFilter implements ExceptionFilter<unknown> {
  private readonly logger = new Logger("WorkflowExceptionFilter");

  /** Writes the mapped status and body with `response.status(code).send(body)`. */
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<StatusSendResponse>();
    if (isRetryableWorkflowError(exception)) {
      this.logger.warn(`Transient database failure answered with 503: ${describe(exception)}`);
      if (typeof response.header === "function") response.header("Retry-After", RETRY_AFTER_SECONDS);
      else response.setHeader?.("Retry-After", RETRY_AFTER_SECONDS);
      const body: WorkflowErrorBody = {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: "Service Unavailable",
        message: TRANSIENT_DATABASE_ERROR_MESSAGE,
      };
      response.status(body.statusCode).send(body);
      return;
    }
    const body = this.toBody(exception as WorkflowError);
    response.status(body.statusCode).send(body);
  }

  private toBody(exception: WorkflowError): WorkflowErrorBody {
    if (exception instanceof WorkflowInstanceNotFoundError) {
      return { statusCode: HttpStatus.NOT_FOUND, error: "Not Found", message: exception.message };
    }
    if (CONFLICT_ERRORS.some((type) => exception instanceof type)) {
      return { statusCode: HttpStatus.CONFLICT, error: "Conflict", message: exception.message };
    }
    if (exception instanceof WorkflowSchemaValidationError) {
      return {
        statusCode: HttpStatus.BAD_REQUEST,
        error: "Bad Request",
        message: exception.message,
        issues: exception.issues,
      };
    }
    if (exception instanceof InvalidArgumentError) {
      return { statusCode: HttpStatus.BAD_REQUEST, error: "Bad Request", message: exception.message };
    }
    this.logInternal(exception);
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: "Internal Server Error",
      message: INTERNAL_SERVER_ERROR_MESSAGE,
    };
  }

  private logInternal(exception: WorkflowError): void {
    const cause: unknown = exception.cause;
    if (cause instanceof Error) {
      this.logger.error(`${exception.message} (cause: ${cause.message})`, cause.stack);
    } else if (cause !== undefined) {
      this.logger.error(`${exception.message} (cause: ${String(cause)})`, exception.stack);
    } else {
      this.logger.error(exception.message, exception.stack);
    }
  }
}

/** `message (code)` of a thrown value, for the log line. */
function describe(exception: unknown): string {
  if (exception instanceof Error) {
    const code = (exception as { code?: unknown }).code;
    return typeof code === "string" ? `${exception.message} (SQLSTATE ${code})` : exception.message;
  }
  return String(exception);
}
