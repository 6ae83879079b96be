let csrfToken = "";

/** Remembers the CSRF token sent with every mutation. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

async function parse(response: Response): Promise<unknown> {
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}

/** GET of an API path relative to the page (`api/...`). */
export async function get<T>(path: string): Promise<T> {
  return (await parse(await fetch(`api/${path}`, { credentials: "same-origin" }))) as T;
}

/** POST of a JSON body with the CSRF token. */
export async function post<T>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`api/${path}`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", "x-csrf-token": csrfToken },
    body: JSON.stringify(body),
  });
  return (await parse(response)) as T;
}
