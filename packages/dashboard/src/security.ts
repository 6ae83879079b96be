import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { DashboardAuth, DashboardIdentity } from "./dashboard-options.js";
import { HttpError } from "./http-io.js";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/**
 * Development-only `auth`: requests from a loopback address with a `localhost` / `127.0.0.1` Host header get
 * full access as `"localhost-developer"`; every other request is refused. Never use it behind a proxy.
 */
export function localhostDevelopmentAuth(): DashboardAuth {
  return (req) =>
    LOOPBACK.has(req.socket.remoteAddress ?? "") && LOCAL_HOST.test(req.headers.host ?? "")
      ? { id: "localhost-developer", canWrite: true }
      : null;
}

/** CSRF tokens bound to the identity, checked on every mutation with the same-origin rule. @internal */
export class CsrfGuard {
  private readonly secret = randomBytes(32);

  /** The token of an identity (stable for the life of the handler). */
  tokenFor(identity: DashboardIdentity): string {
    return createHmac("sha256", this.secret).update(identity.id).digest("base64url");
  }

  /** Throws 403 unless the request is same-origin and carries the identity's token. */
  check(req: IncomingMessage, identity: DashboardIdentity): void {
    const origin = req.headers.origin;
    const host = req.headers.host;
    if (origin !== undefined) {
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = undefined;
      }
      if (originHost === undefined || originHost !== host)
        throw new HttpError(403, "Cross-origin request refused");
    } else if ((req.headers["sec-fetch-site"] ?? "same-origin") !== "same-origin") {
      throw new HttpError(403, "Cross-origin request refused");
    }
    const sent = req.headers["x-csrf-token"];
    const expected = Buffer.from(this.tokenFor(identity));
    const given = Buffer.from(typeof sent === "string" ? sent : "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HttpError(403, "Missing or invalid CSRF token");
    }
  }
}
