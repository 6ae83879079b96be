import { BadRequestException, ValidationPipe, type ArgumentMetadata } from "@nestjs/common";

/**
 * Deepest request body accepted, in object/array levels below the body itself: the same limit core applies to
 * stored JSON (`must be storable JSON: is nested deeper than 1000 levels`).
 */
const MAX_BODY_DEPTH = 1_000;

/** Whether `value` nests objects/arrays deeper than `limit` levels (iterative: no recursion on hostile input). */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * ValidationPipe with the options the REST API documents, plus one guard: class-transformer rebuilds bodies
 * recursively, so a deeply nested JSON body (a few thousand levels fit in Express's 100 kB limit) overflowed
 * the stack and answered 500. Such bodies are answered 400 before transformation.
 */
class WorkflowValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === "body" && nestedDeeperThan(value, MAX_BODY_DEPTH)) {
      throw new BadRequestException(`Request body is nested deeper than ${MAX_BODY_DEPTH} levels`);
    }
    return super.transform(value, metadata);
  }
}

/**
 * The pipe every workflow controller applies: DTOs are transformed, unknown fields rejected.
 *
 * @internal
 */
export function createWorkflowValidationPipe(): ValidationPipe {
  return new WorkflowValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true });
}
