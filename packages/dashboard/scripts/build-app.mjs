// Bundles the single-page app (with Mermaid) into dist/app: app.js, app.css and index.html. No CDN at run time.
import { copyFile, mkdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Builds the app into `outDir` and returns the bundle sizes in bytes. */
export async function buildApp(outDir = join(root, "dist/app")) {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [join(root, "src/app/main.ts")],
    outfile: join(outDir, "app.js"),
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    legalComments: "none",
    logLevel: "warning",
  });
  for (const file of ["index.html", "app.css"])
    await copyFile(join(root, "src/app", file), join(outDir, file));
  return { "app.js": (await stat(join(outDir, "app.js"))).size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await buildApp(process.argv[2]);
  console.log(`dashboard app bundle: ${JSON.stringify(sizes)}`);
}
