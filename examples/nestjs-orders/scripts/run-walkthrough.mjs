// Boots the built app on a free port, runs scripts/walkthrough.sh against it, stops the app and exits with the
// walkthrough's status, so `pnpm start` is usable by CI without anyone pressing Ctrl-C.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base, app, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the app exited early with code ${app.exitCode}`);
    try {
      const response = await globalThis.fetch(`${base}/demo/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the app did not answer ${base}/demo/health within ${deadlineMs} ms`);
}

function run(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", ...options });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const app = spawn(process.execPath, [join(root, "dist", "main.js")], {
  cwd: root,
  env: { ...process.env, PORT: String(port) },
  stdio: "inherit",
});
let status = 1;
try {
  // Generous: PGlite compiles its WASM at boot, which takes long on a busy machine.
  await waitForHealth(base, app, 120_000);
  status = await run("bash", [join(root, "scripts", "walkthrough.sh"), base], { cwd: root });
} catch (error) {
  console.error(`nestjs-orders: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (app.exitCode === null) {
    const exited = new Promise((resolve) => app.once("exit", resolve));
    app.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (app.exitCode === null) app.kill("SIGKILL");
  }
}
console.log(status === 0 ? "nestjs-orders: walkthrough passed" : "nestjs-orders: walkthrough FAILED");
process.exit(status);
