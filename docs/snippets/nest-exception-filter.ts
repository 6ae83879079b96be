import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from "@nestjs/common";
import { CommandFailureError, WorkflowError } from "@duraflows/nestjs";

/** The slice of the platform response used here (Express and Fastify both have it). */
interface HttpResponse {
  status(code: number): { send(body: unknown): void };
}

/**
 * An application-level filter for workflow calls made from your own controllers. (The bundled
 * WorkflowExceptionFilter already covers the package's REST controllers.) It answers 422 with the failing
 * command's result instead of a bare 500, and hides every other internal message.
 */
@Catch(WorkflowError)
export class OrderWorkflowErrorFilter implements ExceptionFilter {
  catch(error: WorkflowError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    if (error instanceof CommandFailureError) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send({
        statusCode: 422,
        error: "Unprocessable Entity",
        message: `${error.commandName} failed`,
        result: error.result,
      });
      return;
    }
    response
      .status(HttpStatus.INTERNAL_SERVER_ERROR)
      .send({ statusCode: 500, error: "Internal Server Error" });
  }
}
