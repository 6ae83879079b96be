import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partitionHistory } from "@duraflows/pg";
import { localhostDevelopmentAuth } from "../../src/index.js";
import { HOSTILE, startDashboard, type DashboardFixture } from "../support/dashboard-fixture.js";
import { deployOrderV2 } from "../support/order-v2.js";

const packageRoot = fileURLToPath(new URL("../..", import.meta.url));
const screenshots = join(packageRoot, "../../.ci/results/dashboard");
let fx: DashboardFixture;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const confirmations: string[] = [];
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core in the page (evaluated through the devtools protocol, which the page's CSP does not block). */
async function seriousViolations(): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

beforeAll(async () => {
  // The app is bundled exactly as the package build does it, into a scratch directory.
  const assetsDir = mkdtempSync(join(tmpdir(), "duraflows-dashboard-app-"));
  execFileSync(process.execPath, [join(packageRoot, "scripts/build-app.mjs"), assetsDir]);
  mkdirSync(screenshots, { recursive: true });
  // The default poll interval: the live-diagram test proves counts follow a transition within 2 s.
  fx = await startDashboard("dashboard_browser", localhostDevelopmentAuth(), { assetsDir });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(60_000);
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  page.on("dialog", (dialog) => {
    if (dialog.type() === "confirm") confirmations.push(dialog.message());
    void dialog.accept();
  });
});

afterAll(async () => {
  await browser?.close();
  await fx?.close();
});

describe("dashboard in headless Chromium", () => {
  it("shows overview counts", async () => {
    await fx.runtime.createInstance({ workflowName: "order" });
    await fx.runtime.createInstance({ workflowName: "order" });
    await page.goto(`${fx.url}/`);
    await expect.poll(() => page.textContent('[data-testid="total-order"]')).toBe("2");
    expect(await seriousViolations()).toEqual([]);
    await page.screenshot({ path: join(screenshots, "overview.png"), fullPage: true });
  });

  it("renders the workflow diagram as SVG with counts and updates it after a transition", async () => {
    await page.goto(`${fx.url}/#/workflow/order`);
    await page.waitForSelector(".diagram svg g.node[data-state='new']");
    const label = () => page.textContent(".diagram g.node[data-state='new']");
    await expect.poll(label).toContain("new (2)");
    const one = await fx.runtime.createInstance({ workflowName: "order" });
    await expect.poll(label, { timeout: 2000, interval: 100 }).toContain("new (3)");
    await fx.runtime.getHandle(one.uuid).triggerEvent("Pay");
    const paid = () => page.textContent(".diagram g.node[data-state='paid']");
    await expect.poll(paid, { timeout: 2000, interval: 100 }).toContain("paid (1)");
    await expect.poll(label, { timeout: 2000, interval: 100 }).toContain("new (2)");
    expect(await seriousViolations()).toEqual([]);
    await page.screenshot({ path: join(screenshots, "workflow.png"), fullPage: true });
  });

  it("goes from a state to its instances to the instance page and triggers an event", async () => {
    await page.click(".diagram g.node[data-state='paid']");
    await page.waitForSelector("table a[href^='#/instance/']");
    await page.screenshot({ path: join(screenshots, "state-instances.png"), fullPage: true });
    await page.click("table a[href^='#/instance/']");
    await expect.poll(() => page.textContent("[data-testid='state']")).toBe("paid");
    // The path it took: new and paid are drawn as visited on its diagram; the timeline lists the Pay step.
    await page.waitForSelector(".diagram g.node[data-state='paid']");
    expect(await page.textContent(".diagram g.node[data-state='new']")).toContain("new");
    expect(await page.locator(".diagram g.node[data-state='shipped']").count()).toBe(0);
    expect(await page.textContent(".timeline")).toMatch(/Pay new → paid/);
    expect(await seriousViolations()).toEqual([]);
    await page.selectOption("select[name='event']", "Ship");
    await page.fill("textarea[name='payload']", '{"carrier":"ups"}');
    confirmations.length = 0;
    await page.click("form button[type='submit']");
    await expect.poll(() => page.textContent("[data-testid='state']")).toBe("shipped");
    const uuid = page.url().split("/").at(-1)!;
    const [latest] = await fx.runtime.getHistory(uuid, { limit: 1 });
    expect(latest.triggerMetadata).toEqual({ dashboard: { actor: "localhost-developer" } });
    expect(confirmations).toEqual(["Trigger Ship?"]);
    await page.screenshot({ path: join(screenshots, "instance.png"), fullPage: true });
  });

  it("renders an XSS probe in state names, context and metadata as text", async () => {
    const probe = await fx.runtime.createInstance({
      workflowName: "order",
      context: { note: HOSTILE },
      metadata: { html: HOSTILE },
    });
    await fx.runtime.getHandle(probe.uuid).triggerEvent("Flag");
    await page.goto(`${fx.url}/#/instance/${probe.uuid}`);
    await expect.poll(() => page.textContent("[data-testid='state']")).toBe(HOSTILE);
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.textContent("main")).toContain(HOSTILE);
    const query = new URLSearchParams({ state: HOSTILE }).toString();
    await page.goto(`${fx.url}/#/workflow/order/instances/${encodeURIComponent(query)}`);
    await page.waitForSelector("table a[href^='#/instance/']");
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    await page.screenshot({ path: join(screenshots, "xss-probe.png"), fullPage: true });
  });

  it("filters a workflow's instances by metadata key = value and by state", async () => {
    const tagged = await fx.runtime.createInstance({ workflowName: "order", metadata: { tenant: "acme" } });
    await page.goto(`${fx.url}/#/workflow/order/instances/`);
    await page.waitForSelector("form.filters");
    await page.fill("input[name='metaKey']", "tenant");
    await page.fill("input[name='metaValue']", "acme");
    await page.selectOption("select[name='state']", "new");
    await page.click("form.filters button[type='submit']");
    const links = page.locator("table a[href^='#/instance/']");
    await expect.poll(() => links.allTextContents()).toEqual([tagged.uuid]);
    expect(decodeURIComponent(page.url())).toContain("metaKey=tenant&metaValue=acme");
    expect(await seriousViolations()).toEqual([]);
    await page.screenshot({ path: join(screenshots, "instances-filtered.png"), fullPage: true });
  });

  it("sorts a workflow's instances oldest created first from the filter form", async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      made.push(
        (await fx.runtime.createInstance({ workflowName: "order", metadata: { batch: "sorted" } })).uuid,
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await page.goto(`${fx.url}/#/workflow/order/instances/`);
    await page.waitForSelector("form.filters");
    await page.fill("input[name='metaKey']", "batch");
    await page.fill("input[name='metaValue']", "sorted");
    await page.selectOption("select[name='sort']", { label: "Oldest created first" });
    await page.click("form.filters button[type='submit']");
    const links = page.locator("table a[href^='#/instance/']");
    await expect.poll(() => links.allTextContents()).toEqual(made);
    expect(await page.textContent("[data-testid='sort']")).toBe("Oldest created first.");
    expect(decodeURIComponent(page.url())).toContain("orderBy=createdAt&direction=asc");
    await page.selectOption("select[name='sort']", { label: "Newest created first" });
    await page.click("form.filters button[type='submit']");
    await expect.poll(() => links.allTextContents()).toEqual([...made].reverse());
    expect(await seriousViolations()).toEqual([]);
    await page.screenshot({ path: join(screenshots, "instances-sorted.png"), fullPage: true });
  });

  it("cancels a pending durable execution from the executions page", async () => {
    const target = await fx.runtime.createInstance({ workflowName: "order" });
    const queued = await fx.runtime.enqueueEvent({
      workflowInstanceUuid: target.uuid,
      eventName: "Pay",
      idempotencyKey: "browser-cancel",
    });
    await page.goto(`${fx.url}/#/executions/pending`);
    const row = page.locator("tr", { hasText: queued.uuid });
    await row.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(async () => (await fx.runtime.getExecution(queued.uuid))?.status).toBe("cancelled");
    await page.screenshot({ path: join(screenshots, "executions.png"), fullPage: true });
  });

  it("retries a parked durable execution from the executions page, confirmed", async () => {
    const target = await fx.runtime.createInstance({ workflowName: "job" });
    fx.work.failing = true;
    const queued = await fx.runtime.enqueueEvent({
      workflowInstanceUuid: target.uuid,
      eventName: "Run",
      idempotencyKey: "browser-retry",
    });
    await fx.runtime.processPendingExecutions();
    expect((await fx.runtime.getExecution(queued.uuid))?.status).toBe("parked");
    fx.work.failing = false;
    await page.goto(`${fx.url}/#/executions/parked`);
    const row = page.locator("tr", { hasText: queued.uuid });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain("work is down");
    expect(await seriousViolations()).toEqual([]);
    await page.screenshot({ path: join(screenshots, "executions-parked.png"), fullPage: true });
    confirmations.length = 0;
    await row.getByRole("button", { name: "Retry" }).click();
    await expect.poll(async () => (await fx.runtime.getExecution(queued.uuid))?.status).toBe("pending");
    expect(confirmations).toEqual(["Retry this execution?"]);
    await fx.runtime.processPendingExecutions();
    expect((await fx.runtime.getInstance(target.uuid))?.currentState).toBe("done");
    // Who retried it is in the history, and the instance page's timeline says so.
    const history = await fx.runtime.getHistory(target.uuid);
    expect(history.map((row) => [row.eventName, row.triggerMetadata?.dashboard])).toEqual([
      ["Run", undefined],
      ["$retried", { actor: "localhost-developer" }],
    ]);
    await page.goto(`${fx.url}/#/instance/${target.uuid}`);
    await expect
      .poll(() => page.textContent(".timeline"))
      .toMatch(/\$retried waiting → waiting .* by localhost-developer/);
    await page.screenshot({ path: join(screenshots, "instance-audit.png"), fullPage: true });
  });

  it("rearms a parked timeout from the timeouts page, confirmed", async () => {
    const target = await fx.runtime.createInstance({ workflowName: "job" });
    fx.work.failing = true;
    fx.advance(2 * 60_000);
    await fx.runtime.processExpiredWorkflows();
    expect((await fx.runtime.getInstance(target.uuid))?.timeoutRetry?.parkedAt).toBeTruthy();
    fx.work.failing = false;
    await page.goto(`${fx.url}/#/timeouts`);
    const row = page.locator("tr", { hasText: target.uuid });
    await expect.poll(() => row.count()).toBe(1);
    expect(await seriousViolations()).toEqual([]);
    await page.screenshot({ path: join(screenshots, "timeouts.png"), fullPage: true });
    confirmations.length = 0;
    await row.getByRole("button", { name: "Rearm" }).click();
    await expect.poll(async () => (await fx.runtime.getInstance(target.uuid))?.timeoutRetry).toBeNull();
    expect(confirmations).toEqual(["Rearm this timeout?"]);
    await fx.runtime.processExpiredWorkflows();
    expect((await fx.runtime.getInstance(target.uuid))?.currentState).toBe("expired");
  });

  it("compares two definition versions with both diagrams and shows a migration dry run", async () => {
    const pool = fx.database.createPool();
    try {
      await deployOrderV2(pool);
    } finally {
      await pool.end();
    }
    await page.goto(`${fx.url}/#/workflow/order/versions/1/2`);
    await page.waitForSelector(".sides .side:nth-child(2) .diagram svg");
    expect(await page.locator(".sides .diagram svg").count()).toBe(2);
    const diff = await page.textContent("[data-testid='diff']");
    expect(diff).toContain("+ settled.Refund");
    expect(diff).toContain("− paid.Ship");
    expect(diff).toContain("+ notifyCarrier");
    // Without a mapping, "paid" (renamed "settled" in v2) would not be migrated; mapping it changes the plan.
    await page.getByRole("button", { name: "Dry-run migration v1 → v2" }).click();
    await page.waitForSelector("[data-testid='state-plan']");
    const planRow = (state: string) => page.locator("[data-testid='state-plan'] tr", { hasText: state });
    expect(await planRow("paid").textContent()).toContain("not migrated");
    expect(await planRow("paid").textContent()).toContain("skipped: state paid has no mapping");
    await page.selectOption("select[name='map-paid']", "settled");
    await page.getByRole("button", { name: "Dry-run migration v1 → v2" }).click();
    await expect.poll(() => planRow("paid").textContent()).toMatch(/^paidsettledmapping\d+$/);
    expect(await planRow("new").textContent()).toMatch(/^newnewsame name\d+$/);
    expect(await page.textContent("[data-testid='dry-run']")).toContain("would move");
    expect(await seriousViolations()).toEqual([]);
    await page.screenshot({ path: join(screenshots, "versions.png"), fullPage: true });
  });

  it("counts and purges terminal instances from the retention page, confirmed", async () => {
    const target = await fx.runtime.createInstance({ workflowName: "job" });
    await fx.runtime.getHandle(target.uuid).triggerEvent("Run");
    fx.advance(2 * 86_400_000);
    await page.goto(`${fx.url}/#/retention`);
    await page.waitForSelector("form[aria-label='Retention rule']");
    await page.selectOption("select[name='workflow']", "job");
    await page.fill("input[name='terminalForDays']", "1");
    await page.getByRole("button", { name: "Count (dry run)" }).click();
    const purgeable = () => page.textContent("[data-testid='purgeable']");
    await expect.poll(purgeable).toMatch(/^[1-9]\d*$/);
    const count = Number(await purgeable());
    expect(await seriousViolations()).toEqual([]);
    await page.screenshot({ path: join(screenshots, "retention.png"), fullPage: true });
    confirmations.length = 0;
    await page.getByRole("button", { name: "Purge instances" }).click();
    await expect
      .poll(() => page.textContent("[data-testid='retention-status']"))
      .toBe(`Purged ${count} instances (1 batch).`);
    expect(confirmations).toEqual([
      `Purge instances: delete ${count} terminal instances with their history. This cannot be undone.`,
    ]);
    expect(await fx.runtime.getInstance(target.uuid)).toBeNull();
    await expect.poll(purgeable).toBe("0");
  });

  it("moves every instance of a state from the maintenance page, confirmed, and runs partition maintenance", async () => {
    const fresh = await fx.runtime.createInstance({ workflowName: "order" });
    await page.goto(`${fx.url}/#/maintenance`);
    await page.waitForSelector("[data-testid='bulk'] select[name='state'] option[value='new']", {
      state: "attached",
    });
    await page.selectOption("[data-testid='bulk'] select[name='workflow']", "order");
    await page.selectOption("[data-testid='bulk'] select[name='state']", "new");
    await page.fill("[data-testid='bulk'] input[name='eventName']", "Pay");
    await page.fill("[data-testid='bulk'] input[name='limit']", "100");
    confirmations.length = 0;
    await page.click("[data-testid='bulk'] button:has-text('Trigger')");
    await expect.poll(() => page.textContent("[data-testid='bulk-result']")).toContain('"transitioned"');
    expect(confirmations).toEqual(["Trigger Pay on up to 100 instance(s) in new?"]);
    expect((await fx.runtime.getInstance(fresh.uuid))?.currentState).toBe("paid");
    const [latest] = await fx.runtime.getHistory(fresh.uuid, { limit: 1 });
    expect(latest!.triggerMetadata).toEqual({ dashboard: { actor: "localhost-developer" } });

    // Partitioned by hand (one month ahead); the page's pass creates the partitions up to three ahead.
    const pool = fx.database.createPool();
    await partitionHistory(pool, { premake: 1 });
    await pool.end();
    confirmations.length = 0;
    await page.click("[data-testid='partitions'] button:has-text('Run maintenance')");
    await expect
      .poll(() => page.textContent("[data-testid='partitions-result']"))
      .toMatch(/"created": \[\s+"workflow_history_p\d{4}_\d{2}",\s+"workflow_history_p\d{4}_\d{2}"\s+\]/);
    expect(confirmations).toEqual(["Run partition maintenance?"]);
    expect(await seriousViolations()).toEqual([]);
    await page.screenshot({ path: join(screenshots, "maintenance.png"), fullPage: true });
  });

  it("has no serious accessibility violations on the overview", async () => {
    await page.goto(`${fx.url}/`);
    await page.waitForSelector("table");
    expect(await seriousViolations()).toEqual([]);
  });

  it("logged no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
