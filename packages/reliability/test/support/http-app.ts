import type { INestApplication, Type } from "@nestjs/common";
import { Test } from "@nestjs/testing";

/** A Nest application listening on an ephemeral port of 127.0.0.1 (real HTTP, like packages/nestjs e2e). */
export interface RunningApp {
  app: INestApplication;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startHttpApp(rootModule: Type): Promise<RunningApp> {
  const moduleRef = await Test.createTestingModule({ imports: [rootModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, "127.0.0.1");
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

export interface HttpAnswer {
  status: number;
  body: any;
}

/** Sends `body` as-is (already JSON text, so tests control every escape) and parses a JSON answer. */
export async function httpRaw(
  baseUrl: string,
  method: string,
  path: string,
  body?: string,
): Promise<HttpAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    ...(body !== undefined ? { body, headers: { "content-type": "application/json" } } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}
