import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localhostDevelopmentAuth } from "../../src/index.js";
import { HOSTILE, startDashboard, type DashboardFixture } from "../support/dashboard-fixture.js";

const packageRoot = fileURLToPath(new URL("../..", import.meta.url));
const screenshots = join(packageRoot, "../../.ci/results/dashboard");
let fx: DashboardFixture;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  // The app is bundled exactly as the package build does it, into a scratch directory.
  const assetsDir = mkdtempSync(join(tmpdir(), "duraflows-dashboard-app-"));
  execFileSync(process.execPath, [join(packageRoot, "scripts/build-app.mjs"), assetsDir]);
  mkdirSync(screenshots, { recursive: true });
  fx = await startDashboard("dashboard_browser", localhostDevelopmentAuth(), {
    assetsDir,
    pollIntervalMs: 500,
  });
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
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  page.on("dialog", (dialog) => void dialog.accept());
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
    await page.screenshot({ path: join(screenshots, "overview.png"), fullPage: true });
  });

  it("renders the workflow diagram as SVG with counts and updates it after a transition", async () => {
    await page.goto(`${fx.url}/#/workflow/order`);
    await page.waitForSelector(".diagram svg g.node[data-state='new']");
    const label = () => page.textContent(".diagram g.node[data-state='new']");
    await expect.poll(label).toContain("new (2)");
    const one = await fx.runtime.createInstance({ workflowName: "order" });
    await expect.poll(label).toContain("new (3)");
    await fx.runtime.getHandle(one.uuid).triggerEvent("Pay");
    await expect.poll(() => page.textContent(".diagram g.node[data-state='paid']")).toContain("paid (1)");
    await expect.poll(label).toContain("new (2)");
    await page.screenshot({ path: join(screenshots, "workflow.png"), fullPage: true });
  });

  it("goes from a state to its instances to the instance page and triggers an event", async () => {
    await page.click(".diagram g.node[data-state='paid']");
    await page.waitForSelector("table a[href^='#/instance/']");
    await page.click("table a[href^='#/instance/']");
    await expect.poll(() => page.textContent("[data-testid='state']")).toBe("paid");
    await page.selectOption("select[name='event']", "Ship");
    await page.fill("textarea[name='payload']", '{"carrier":"ups"}');
    await page.click("form button[type='submit']");
    await expect.poll(() => page.textContent("[data-testid='state']")).toBe("shipped");
    const uuid = page.url().split("/").at(-1)!;
    const [latest] = await fx.runtime.getHistory(uuid, { limit: 1 });
    expect(latest.triggerMetadata).toEqual({ dashboard: { actor: "localhost-developer" } });
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
    await page.goto(`${fx.url}/#/workflow/order/state/${encodeURIComponent(HOSTILE)}`);
    await page.waitForSelector("table a[href^='#/instance/']");
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    await page.screenshot({ path: join(screenshots, "xss-probe.png"), fullPage: true });
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
    await page.goto(`${fx.url}/#/timeouts`);
    await page.waitForSelector("h1");
    await page.screenshot({ path: join(screenshots, "timeouts.png"), fullPage: true });
  });

  it("logged no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
