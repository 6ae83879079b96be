// Formats generated Markdown with the repository's Prettier settings, so that what the doc scripts write is
// exactly what `prettier --check` expects and their `--check` modes compare like with like.
import prettier from "prettier";

export async function formatMarkdown(path, text) {
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...options, filepath: path, parser: "markdown" });
}
