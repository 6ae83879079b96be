import type { INestApplication, Type } from "@nestjs/common";
import { Test } from "@nestjs/testing";

/** A Nest application listening on an ephemeral port of 127.0.0.1. */
export interface RunningApp {
  app: INestApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/** Boots `rootModule` as a real HTTP application (`app.listen(0)`) and returns its base URL. */
export async function startHttpApp(
  rootModule: Type,
  configure: (app: INestApplication) => void = () => undefined,
): Promise<RunningApp> {
  const moduleRef = await Test.createTestingModule({ imports: [rootModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configure(app);
  await app.listen(0, "127.0.0.1");
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

/** A parsed HTTP answer. */
export interface HttpAnswer<T = any> {
  status: number;
  body: T;
}

/** Options of {@link http}: a JSON body, or a raw body with its content type. */
export type HttpBody = { json: unknown } | { raw: string; contentType: string } | undefined;

/** Sends one request with Node's global fetch and parses a JSON answer (text otherwise). */
export async function http<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  body?: HttpBody,
): Promise<HttpAnswer<T>> {
  const init: RequestInit = { method, headers: {} };
  if (body && "json" in body) {
    init.body = JSON.stringify(body.json);
    init.headers = { "content-type": "application/json" };
  } else if (body) {
    init.body = body.raw;
    init.headers = { "content-type": body.contentType };
  }
  const response = await fetch(`${baseUrl}${path}`, init);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (e.g. an HTML error page from Express): keep the text.
  }
  return { status: response.status, body: parsed as T };
}
