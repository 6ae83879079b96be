// Runs one TypeScript file the way `npx tsx file.ts` does (this module is started with `node --import tsx`),
// then checks that nothing keeps the process alive: a script that leaves a pool or a timer open hangs for its
// user, so here it fails, naming what is still open.
import { pathToFileURL } from "node:url";

const file = process.argv[2];
const graceMs = Number(process.env["USER_PATH_GRACE_MS"] ?? 3000);

await import(pathToFileURL(file).href);

// An unref'd timer never keeps the process alive: it fires only when something else does.
setTimeout(() => {
  const open = process.getActiveResourcesInfo().filter((kind) => kind !== "TTYWrap" && kind !== "PipeWrap");
  console.error(
    `\n${file} finished its work but left the process running ${graceMs} ms later; open: ${open.join(", ") || "(unknown)"}`,
  );
  process.exit(1);
}, graceMs).unref();
