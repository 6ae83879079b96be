import swc from "unplugin-swc";

/**
 * Vitest's default esbuild transform drops decorator metadata (`design:paramtypes`), which Nest injection and
 * ValidationPipe rely on, so both nestjs projects compile TypeScript with SWC instead.
 */
export const swcPlugin = () =>
  swc.vite({
    jsc: {
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: "es2022",
    },
  });
