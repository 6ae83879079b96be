import { ValidationPipe } from "@nestjs/common";

/**
 * The pipe every workflow controller applies (nestjs.md §6): DTOs are transformed, unknown fields rejected.
 *
 * @internal
 */
export function createWorkflowValidationPipe(): ValidationPipe {
  return new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true });
}
