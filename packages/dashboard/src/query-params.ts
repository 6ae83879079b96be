import { HttpError } from "./http-io.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws 400 unless `value` is a uuid. @internal */
export function requireUuid(value: string): string {
  if (!UUID.test(value)) throw new HttpError(400, "Not a uuid");
  return value;
}

/** Typed readers of URL query parameters; every malformed value is a 400. @internal */
export class QueryParams {
  constructor(private readonly params: URLSearchParams) {}

  text(name: string): string | undefined {
    const value = this.params.get(name);
    if (value === null || value === "") return undefined;
    if (value.length > 500) throw new HttpError(400, `Parameter ${name} is too long`);
    return value;
  }

  integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new HttpError(400, `Parameter ${name} must be an integer between ${min} and ${max}`);
    }
    return Number(value);
  }

  date(name: string): Date | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw new HttpError(400, `Parameter ${name} must be an ISO date`);
    return date;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.text(name);
    if (value !== undefined && !allowed.includes(value as T)) {
      throw new HttpError(400, `Parameter ${name} must be one of ${allowed.join(", ")}`);
    }
    return value as T | undefined;
  }
}
