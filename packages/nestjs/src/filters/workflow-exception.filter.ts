import { Catch, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from "@nestjs/common";
import {
  ExecutionLeaseLostError,
  IdempotencyConflictError,
  IdempotencyInProgressError,
  IncompatibleDefinitionError,
  InvalidArgumentError,
  InvalidEventError,
  WorkflowError,
  WorkflowInstanceBusyError,
  WorkflowInstanceNotFoundError,
} from "@duraflows/core";
import { INTERNAL_SERVER_ERROR_MESSAGE } from "../workflow.messages.js";

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
}

/** Minimal response surface shared by Express and Fastify. */
interface StatusSendResponse {
  status(code: number): { send(body: unknown): unknown };
}

/**
 * Maps `WorkflowError`s to HTTP answers `{ statusCode, error, message }`: not found → 404, conflicts → 409,
 * invalid arguments → 400, anything else → a sanitized 500 that is logged with its cause.
 */
@Catch(WorkflowError)
export class WorkflowExceptionFilter implements ExceptionFilter<WorkflowError> {
  private readonly logger = new Logger("WorkflowExceptionFilter");

  /** Writes the mapped status and body with `response.status(code).send(body)`. */
  catch(exception: WorkflowError, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    host.switchToHttp().getResponse<StatusSendResponse>().status(body.statusCode).send(body);
  }

  private toBody(exception: WorkflowError): WorkflowErrorBody {
    if (exception instanceof WorkflowInstanceNotFoundError) {
      return { statusCode: HttpStatus.NOT_FOUND, error: "Not Found", message: exception.message };
    }
    if (CONFLICT_ERRORS.some((type) => exception instanceof type)) {
      return { statusCode: HttpStatus.CONFLICT, error: "Conflict", message: exception.message };
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
