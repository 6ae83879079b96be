import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SECURITY_HEADERS, sendJson } from "./http-io.js";

const TYPES: Record<string, string> = {
  "index.html": "text/html; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "app.css": "text/css; charset=utf-8",
};

/** The bundled app directory shipped next to the build (`dist/app`). @internal */
export function defaultAssetsDir(): string {
  return fileURLToPath(new URL("./app/", import.meta.url));
}

/** Serves one of the app's three files (cached in memory after the first read). @internal */
export class StaticAssets {
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly dir: string) {}

  /** True when `name` is one of the app files. */
  has(name: string): boolean {
    return Object.hasOwn(TYPES, name);
  }

  async send(res: ServerResponse, name: string): Promise<void> {
    let body = this.cache.get(name);
    if (body === undefined) {
      try {
        body = await readFile(join(this.dir, name));
      } catch {
        sendJson(res, 503, { error: "The dashboard app is not built (run the package build)" });
        return;
      }
      this.cache.set(name, body);
    }
    res.writeHead(200, { ...SECURITY_HEADERS, "content-type": TYPES[name], "content-length": body.length });
    res.end(body);
  }
}
