import { get, post, setCsrfToken } from "./api.js";
import { renderDiagram } from "./diagram.js";
import { h, json, link, table, type Child } from "./dom.js";
import { instanceFilters, sortLabel } from "./instance-filters.js";
import { retentionPage } from "./retention.js";
import { maintenancePage } from "./maintenance.js";
import { versionsPage } from "./versions.js";

interface Count {
  workflowName: string;
  definitionVersion: number | null;
  state: string;
  count: number;
}
interface Session {
  user: { id: string; canWrite: boolean };
  csrfToken: string;
  pollIntervalMs: number;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Instance {
  uuid: string;
  workflowName: string;
  currentState: string;
  definitionVersion: number | null;
  lastTransitionAt: string;
  createdAt: string;
  context: unknown;
  metadata: unknown;
  expiresAt: string | null;
  timeoutRetry: unknown;
}
interface Execution {
  uuid: string;
  workflowInstanceUuid: string;
  workflowName: string;
  eventName: string;
  status: string;
  attempts: number;
  lastError: string | null;
  availableAt: string;
}

const main = document.getElementById("main")!;
let session: Session;
let timer: number | undefined;
let generation = 0;

const enc = encodeURIComponent;
const text = (value: unknown): string => (value === null || value === undefined ? "—" : String(value));

function show(...children: Child[]): void {
  main.replaceChildren(
    ...children
      .filter((c): c is Node | string => c !== null && c !== undefined && c !== false)
      .map((c) => (typeof c === "object" ? c : document.createTextNode(String(c)))),
  );
}

function poll(work: () => Promise<void>): void {
  const mine = generation;
  const tick = async () => {
    if (mine !== generation) return;
    try {
      await work();
    } catch (error) {
      console.warn(error);
    }
    if (mine === generation) timer = window.setTimeout(tick, session.pollIntervalMs);
  };
  timer = window.setTimeout(tick, session.pollIntervalMs);
}

function action(
  label: string,
  confirmText: string,
  run: () => Promise<unknown>,
  after: () => void,
): HTMLElement {
  if (!session.user.canWrite) return h("span");
  return h(
    "button",
    {
      type: "button",
      click: async () => {
        if (!window.confirm(confirmText)) return;
        try {
          await run();
          after();
        } catch (error) {
          window.alert((error as Error).message);
        }
      },
    },
    label,
  );
}

async function overview(): Promise<void> {
  interface Overview {
    workflows: { name: string; version: number | null; counts: Count[] | null; total: number | null }[];
    timeouts: Record<string, unknown> | null;
    executions: { status: string; count: number; oldestCreatedAt: string }[] | null;
    notes: string[];
  }
  const render = (data: Overview) => {
    const cards = h("div", { class: "cards" });
    if (data.timeouts) {
      cards.append(
        h(
          "div",
          { class: "card", "data-testid": "overdue" },
          h("strong", {}, text(data.timeouts.overdue)),
          "overdue timeouts, oldest ",
          text(data.timeouts.oldestOverdueAt),
        ),
      );
      cards.append(
        h(
          "div",
          { class: "card", "data-testid": "parked" },
          h("strong", {}, text(data.timeouts.parked)),
          "parked timeouts, oldest ",
          text(data.timeouts.oldestParkedAt),
        ),
      );
    }
    for (const entry of data.executions ?? []) {
      cards.append(
        h(
          "div",
          { class: "card" },
          h("strong", {}, entry.count),
          `${entry.status} executions, oldest `,
          entry.oldestCreatedAt,
        ),
      );
    }
    const rows = data.workflows.map((wf) => [
      link(`#/workflow/${enc(wf.name)}`, wf.name),
      text(wf.version),
      h("span", { "data-testid": `total-${wf.name}` }, text(wf.total)),
      (wf.counts ?? [])
        .map((c) => `${c.state}${c.definitionVersion === null ? "" : ` v${c.definitionVersion}`}: ${c.count}`)
        .join(", "),
    ]);
    show(
      h("h1", {}, "Overview"),
      ...data.notes.map((note) => h("p", { class: "note" }, note)),
      cards,
      table(["Workflow", "Version", "Instances", "Per state"], rows),
    );
  };
  render(await get<Overview>("overview"));
  poll(async () => render(await get<Overview>("overview")));
}

async function workflow(name: string, query: URLSearchParams | undefined): Promise<void> {
  interface Detail {
    name: string;
    version: number | null;
    states: string[];
    diagram: string;
    counts: Count[] | null;
    versions: { version: number }[] | null;
  }
  const detail = await get<Detail>(`workflows/${enc(name)}`);
  const countsOf = (rows: Count[] | null) => {
    const map = new Map<string, number>();
    for (const row of rows ?? []) map.set(row.state, (map.get(row.state) ?? 0) + row.count);
    return map;
  };
  const diagram = await renderDiagram(detail.diagram, detail.states, (picked) => {
    location.hash = listHash(name, new URLSearchParams({ state: picked }));
  });
  diagram.setCounts(countsOf(detail.counts));
  const list = h("section", {});
  show(
    h("h1", {}, `Workflow ${name}`),
    h(
      "p",
      {},
      `Definition version ${text(detail.version)}; stored versions: ${detail.versions ? detail.versions.map((v) => v.version).join(", ") : "—"} `,
      detail.versions ? link(`#/workflow/${enc(name)}/versions`, "Compare versions") : "",
    ),
    detail.counts === null
      ? h("p", { class: "note" }, "Counts need a store implementing countInstancesByState.")
      : null,
    diagram.element,
    list,
  );
  if (query !== undefined) await instanceList(list, name, detail.states, query);
  if (detail.counts !== null) {
    poll(async () =>
      diagram.setCounts(countsOf((await get<{ counts: Count[] }>(`workflows/${enc(name)}/counts`)).counts)),
    );
  }
}

/** The hash of a workflow's instance list with `query` (filters and cursor). */
function listHash(name: string, query: URLSearchParams): string {
  return `#/workflow/${enc(name)}/instances/${enc(query.toString())}`;
}

async function instanceList(
  target: HTMLElement,
  name: string,
  states: string[],
  query: URLSearchParams,
): Promise<void> {
  const request = new URLSearchParams(query);
  request.set("limit", "25");
  const page = await get<Page<Instance>>(`workflows/${enc(name)}/instances?${request}`);
  const rows = page.items.map((i) => [
    link(`#/instance/${i.uuid}`, i.uuid),
    i.currentState,
    text(i.definitionVersion),
    i.lastTransitionAt,
    i.createdAt,
    JSON.stringify(i.metadata),
  ]);
  const next = new URLSearchParams(query);
  if (page.nextCursor) next.set("after", page.nextCursor);
  const state = query.get("state");
  target.replaceChildren(
    h("h2", {}, state === null ? "Instances" : `Instances in ${state}`),
    instanceFilters(states, query, (filters) => {
      location.hash = listHash(name, filters);
    }),
    h("p", { "data-testid": "sort" }, `${sortLabel(query)}.`),
    table(["Instance", "State", "Version", "Last transition", "Created", "Metadata"], rows),
    page.nextCursor ? link(listHash(name, next), "Next page") : "",
  );
}

async function instance(uuid: string): Promise<void> {
  interface Detail {
    instance: Instance;
    history: Record<string, unknown>[];
    availableEvents: { eventName: string; targetState?: string }[];
    execution: Execution | null;
    diagram: string | null;
  }
  const data = await get<Detail>(`instances/${enc(uuid)}`);
  const { instance: inst } = data;
  const reload = () => void instance(uuid).catch(fail);
  const visited = new Set<string>([
    inst.currentState,
    ...data.history.flatMap((row) => [text(row.fromState), text(row.toState)]),
  ]);
  const diagram = data.diagram ? await renderDiagram(data.diagram, [...visited], () => undefined) : null;
  diagram?.setCounts(new Map([...visited].map((s) => [s, s === inst.currentState ? 1 : 0])));
  const timeline = h(
    "ol",
    { class: "timeline" },
    ...data.history.map((row) =>
      h(
        "li",
        {},
        h("strong", {}, text(row.eventName)),
        ` ${text(row.fromState)} → ${text(row.toState)} (${text(row.outcome)}) at ${text(row.createdAt)}`,
        row.rejectedBy ? ` rejected by ${text(row.rejectedBy)}` : "",
        actorOf(row) === undefined ? "" : ` by ${actorOf(row)}`,
        json(
          "details",
          { commandResults: row.commandResultsJson, triggerMetadata: row.triggerMetadata },
          false,
        ),
      ),
    ),
  );
  const form = h("form", {});
  if (session.user.canWrite && data.availableEvents.length > 0) {
    const select = h(
      "select",
      { name: "event", "aria-label": "Event" },
      ...data.availableEvents.map((e) =>
        h("option", { value: e.eventName }, `${e.eventName} → ${text(e.targetState)}`),
      ),
    ) as HTMLSelectElement;
    const payload = h(
      "textarea",
      { name: "payload", "aria-label": "JSON payload" },
      "{}",
    ) as HTMLTextAreaElement;
    form.append(h("h2", {}, "Trigger an event"), select, payload, h("button", { type: "submit" }, "Trigger"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      let body: unknown;
      try {
        body = JSON.parse(payload.value || "{}");
      } catch {
        window.alert("The payload is not valid JSON");
        return;
      }
      if (!window.confirm(`Trigger ${select.value}?`)) return;
      try {
        await post(`instances/${enc(uuid)}/events`, { eventName: select.value, payload: body });
        reload();
      } catch (error) {
        window.alert((error as Error).message);
      }
    });
  }
  show(
    h("h1", {}, `Instance ${inst.uuid}`),
    h(
      "p",
      {},
      "Workflow ",
      link(`#/workflow/${enc(inst.workflowName)}`, inst.workflowName),
      " · state ",
      h("strong", { "data-testid": "state" }, inst.currentState),
      ` · version ${text(inst.definitionVersion)}`,
    ),
    diagram?.element ?? null,
    json("Context", inst.context),
    json("Metadata", inst.metadata),
    h("h2", {}, "Available events"),
    h("ul", {}, ...data.availableEvents.map((e) => h("li", {}, e.eventName))),
    form,
    h("h2", {}, "Timeout"),
    h(
      "p",
      {},
      `Expires ${text(inst.expiresAt)}; retry ${JSON.stringify(inst.timeoutRetry)} `,
      inst.timeoutRetry
        ? action(
            "Rearm timeout",
            "Rearm this timeout?",
            () => post(`instances/${enc(uuid)}/rearm-timeout`),
            reload,
          )
        : "",
    ),
    h("h2", {}, "Active execution"),
    data.execution ? executionTable([data.execution], reload) : h("p", {}, "None"),
    h("h2", {}, "History"),
    timeline,
  );
}

/** Who did it, when the row was written by a dashboard action (trigger, retry, cancel, rearm). */
function actorOf(row: Record<string, unknown>): string | undefined {
  const metadata = row.triggerMetadata as { dashboard?: { actor?: unknown } } | undefined;
  const actor = metadata?.dashboard?.actor;
  return typeof actor === "string" ? actor : undefined;
}

function executionTable(items: Execution[], after: () => void): HTMLElement {
  return table(
    ["Execution", "Instance", "Event", "Status", "Attempts", "Last error", "Actions"],
    items.map((e) => [
      e.uuid,
      link(`#/instance/${e.workflowInstanceUuid}`, e.workflowInstanceUuid),
      e.eventName,
      e.status,
      e.attempts,
      text(e.lastError),
      h(
        "span",
        {},
        e.status === "parked"
          ? action("Retry", "Retry this execution?", () => post(`executions/${enc(e.uuid)}/retry`), after)
          : "",
        e.status === "pending" || e.status === "parked"
          ? action("Cancel", "Cancel this execution?", () => post(`executions/${enc(e.uuid)}/cancel`), after)
          : "",
      ),
    ]),
  );
}

async function executions(status: string): Promise<void> {
  const page = await get<Page<Execution>>(`executions?status=${enc(status)}&limit=50`);
  const picker = h(
    "p",
    {},
    ...["parked", "pending", "running", "completed", "cancelled"].map((s) =>
      h("span", {}, link(`#/executions/${s}`, s), " "),
    ),
  );
  show(
    h("h1", {}, `Executions: ${status}`),
    picker,
    executionTable(page.items, () => void executions(status).catch(fail)),
  );
}

async function timeouts(): Promise<void> {
  const page = await get<Page<Instance>>("timeouts/parked?limit=50");
  const reload = () => void timeouts().catch(fail);
  show(
    h("h1", {}, "Parked timeouts"),
    table(
      ["Instance", "Workflow", "State", "Retry", "Actions"],
      page.items.map((i) => [
        link(`#/instance/${i.uuid}`, i.uuid),
        i.workflowName,
        i.currentState,
        JSON.stringify(i.timeoutRetry),
        action("Rearm", "Rearm this timeout?", () => post(`instances/${enc(i.uuid)}/rearm-timeout`), reload),
      ]),
    ),
  );
}

function fail(error: unknown): void {
  show(h("p", { class: "error" }, (error as Error).message));
}

async function route(): Promise<void> {
  generation++;
  window.clearTimeout(timer);
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  try {
    if (parts[0] === "workflow" && parts[1] && parts[2] === "versions") {
      const version = (raw: string | undefined) => (raw ? Number(raw) : undefined);
      show(...(await versionsPage(parts[1], version(parts[3]), version(parts[4]), session.user.canWrite)));
    } else if (parts[0] === "workflow" && parts[1])
      await workflow(parts[1], parts[2] === "instances" ? new URLSearchParams(parts[3] ?? "") : undefined);
    else if (parts[0] === "instance" && parts[1]) await instance(parts[1]);
    else if (parts[0] === "executions") await executions(parts[1] || "parked");
    else if (parts[0] === "timeouts") await timeouts();
    else if (parts[0] === "retention") show(...(await retentionPage(session.user.canWrite)));
    else if (parts[0] === "maintenance") show(...(await maintenancePage(session.user.canWrite)));
    else await overview();
  } catch (error) {
    fail(error);
  }
}

async function start(): Promise<void> {
  try {
    session = await get<Session>("session");
  } catch (error) {
    fail(error);
    return;
  }
  setCsrfToken(session.csrfToken);
  document.getElementById("user")!.textContent =
    `${session.user.id}${session.user.canWrite ? "" : " (read only)"}`;
  window.addEventListener("hashchange", () => void route());
  await route();
}

void start();
