// Bundles the single-page app (with Mermaid) into dist/app: app.js, app.css and index.html. No CDN at run time.
import { copyFile, mkdir, readFile, stat } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Builds the app into `outDir` and returns the bundle sizes in bytes: the whole `app.js`, the dashboard's own
 * code in it, and what its dependencies (Mermaid and the libraries Mermaid pulls in) take.
 */
export async function buildApp(outDir = join(root, "dist/app")) {
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(root, "src/app/main.ts")],
    outfile: join(outDir, "app.js"),
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    legalComments: "none",
    logLevel: "warning",
    metafile: true,
  });
  for (const file of ["index.html", "app.css"])
    await copyFile(join(root, "src/app", file), join(outDir, file));
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  let own = 0;
  let dependencies = 0;
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    if (path.includes("node_modules")) dependencies += bytesInOutput;
    else own += bytesInOutput;
  }
  const gzip = gzipSync(await readFile(join(outDir, "app.js"))).length;
  return { "app.js": (await stat(join(outDir, "app.js"))).size, "app.js gzip": gzip, own, dependencies };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await buildApp(process.argv[2]);
  console.log(`dashboard app bundle: ${JSON.stringify(sizes)}`);
}
