import { createRequire } from "node:module";

type AnyDecorator = (target: object, propertyKey?: string | symbol, descriptor?: PropertyDescriptor) => any;

/** The `@nestjs/swagger` decorators the package uses, or no-ops when it is not installed. */
export interface SwaggerDecorators {
  ApiTags(...tags: string[]): AnyDecorator;
  ApiOperation(options: { summary: string; description?: string }): AnyDecorator;
  ApiProperty(options?: Record<string, unknown>): AnyDecorator;
  ApiPropertyOptional(options?: Record<string, unknown>): AnyDecorator;
  ApiResponse(options: { status: number; description: string }): AnyDecorator;
}

const noop: AnyDecorator = () => undefined;

/** @internal No-op stand-ins used when `@nestjs/swagger` cannot be loaded. */
export const noopSwaggerDecorators: SwaggerDecorators = {
  ApiTags: () => noop,
  ApiOperation: () => noop,
  ApiProperty: () => noop,
  ApiPropertyOptional: () => noop,
  ApiResponse: () => noop,
};

/**
 * Loads `@nestjs/swagger` (an optional peer) synchronously, because decorators are applied while the classes
 * are defined. Anything other than a module exposing every decorator yields the no-ops.
 *
 * @internal
 */
export function loadSwaggerDecorators(
  load: () => unknown = () => createRequire(import.meta.url)("@nestjs/swagger"),
): SwaggerDecorators {
  let mod: Partial<SwaggerDecorators> | undefined;
  try {
    mod = load() as Partial<SwaggerDecorators> | undefined;
  } catch {
    // Not installed, or an ESM-only build on a Node without require(esm): OpenAPI metadata is optional.
    return noopSwaggerDecorators;
  }
  const names = Object.keys(noopSwaggerDecorators) as (keyof SwaggerDecorators)[];
  if (!mod || names.some((name) => typeof mod[name] !== "function")) return noopSwaggerDecorators;
  return {
    ApiTags: mod.ApiTags!,
    ApiOperation: mod.ApiOperation!,
    ApiProperty: mod.ApiProperty!,
    ApiPropertyOptional: mod.ApiPropertyOptional!,
    ApiResponse: mod.ApiResponse!,
  };
}

/** @internal The decorators used by the controllers and DTOs. */
export const swagger: SwaggerDecorators = loadSwaggerDecorators();
