// Generates docs/api-reference.md from the built declaration files (run `pnpm build` first): every public export
// of every package, with its signature and the first paragraph of its TSDoc; member lists keep the TSDoc of each
// member, which is where defaults are documented. `--check` fails when the page is out of date.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { formatMarkdown } from "./format-markdown.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const check = process.argv.includes("--check");
const output = join(root, "docs", "api-reference.md");

const entries = [
  { name: "@duraflows/core", file: "packages/core/dist/index.d.ts" },
  { name: "@duraflows/core/testing", file: "packages/core/dist/testing/index.d.ts" },
  { name: "@duraflows/pg", file: "packages/pg/dist/index.d.ts" },
  { name: "@duraflows/kysely", file: "packages/kysely/dist/index.d.ts" },
  { name: "@duraflows/nestjs", file: "packages/nestjs/dist/index.d.ts" },
  { name: "@duraflows/nestjs/dashboard", file: "packages/nestjs/dist/dashboard.d.ts" },
  { name: "@duraflows/dashboard", file: "packages/dashboard/dist/index.d.ts" },
];

const printer = ts.createPrinter({ removeComments: true });
const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;

function docOf(symbol, checker) {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  return text.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, " ");
}

function kindOf(declaration) {
  if (ts.isClassDeclaration(declaration)) return "class";
  if (ts.isInterfaceDeclaration(declaration)) return "interface";
  if (ts.isTypeAliasDeclaration(declaration)) return "type";
  if (ts.isFunctionDeclaration(declaration)) return "function";
  if (ts.isEnumDeclaration(declaration)) return "enum";
  return "const";
}

function isPublicMember(member) {
  const modifiers = ts.getCombinedModifierFlags(member);
  if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  return !(member.name && ts.isPrivateIdentifier(member.name));
}

/** The declaration without comments; classes and interfaces list their public members with their TSDoc. */
function render(name, symbol, declaration, checker, sourceFile) {
  const kind = kindOf(declaration);
  if (kind === "function") {
    const type = checker.getTypeOfSymbol(symbol);
    return {
      code: type
        .getCallSignatures()
        .map((signature) => `function ${name}${checker.signatureToString(signature, undefined, flags)}`)
        .join("\n"),
      members: [],
    };
  }
  if (kind === "const") {
    return {
      code: `const ${name}: ${checker.typeToString(checker.getTypeOfSymbol(symbol), undefined, flags)}`,
      members: [],
    };
  }
  if (kind === "class" || kind === "interface") {
    const heritage = (declaration.heritageClauses ?? [])
      .map((clause) => clause.getText(sourceFile))
      .join(" ");
    const generics = declaration.typeParameters
      ? `<${declaration.typeParameters.map((p) => p.getText(sourceFile)).join(", ")}>`
      : "";
    const members = declaration.members.filter(isPublicMember).map((member) => {
      const text = printer.printNode(ts.EmitHint.Unspecified, member, sourceFile).replace(/\s+/g, " ").trim();
      const memberSymbol = member.name ? checker.getSymbolAtLocation(member.name) : undefined;
      const doc = memberSymbol ? docOf(memberSymbol, checker) : "";
      return { text, doc };
    });
    const head = `${kind === "class" ? "class" : "interface"} ${name}${generics}${heritage ? ` ${heritage}` : ""}`;
    return { code: `${head} {\n${members.map((member) => `  ${member.text}`).join("\n")}\n}`, members };
  }
  return { code: printer.printNode(ts.EmitHint.Unspecified, declaration, sourceFile).trim(), members: [] };
}

function describeEntry(entry) {
  const file = join(root, entry.file);
  if (!existsSync(file)) {
    if (!process.argv.includes("--allow-missing"))
      throw new Error(`${entry.file} is missing: run pnpm build first`);
    return `## \`${entry.name}\`\n\n(not built)\n`;
  }
  const program = ts.createProgram([file], { strict: true, skipLibCheck: true, types: ["node"] });
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(file);
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  const exports = checker.getExportsOfModule(moduleSymbol).sort((a, b) => a.name.localeCompare(b.name));
  const sections = [];
  const reexports = [];
  const packageDir = join(root, entry.file.split("/").slice(0, 2).join("/"));
  for (const exported of exports) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (!declaration) continue;
    if (!declaration.getSourceFile().fileName.startsWith(packageDir)) {
      reexports.push(exported.name);
      continue;
    }
    const { code, members } = render(
      exported.name,
      symbol,
      declaration,
      checker,
      declaration.getSourceFile(),
    );
    const lines = [`### \`${exported.name}\` (${kindOf(declaration)})`, ""];
    const doc = docOf(symbol, checker);
    if (doc) lines.push(doc, "");
    lines.push("```ts", code, "```", "");
    const documented = members.filter((member) => member.doc);
    if (documented.length > 0) {
      for (const member of documented) lines.push(`- \`${member.text.replace(/;$/, "")}\` — ${member.doc}`);
      lines.push("");
    }
    sections.push(lines.join("\n"));
  }
  const reexported = reexports.length
    ? `Re-exported from \`@duraflows/core\` (documented there): ${reexports.map((name) => `\`${name}\``).join(", ")}.\n\n`
    : "";
  return `## \`${entry.name}\`\n\n${exports.length} exports.\n\n${reexported}${sections.join("\n")}`;
}

const rawPage =
  [
    "# API reference",
    "",
    "<!-- Generated by scripts/api-reference.mjs from the built .d.ts files; do not edit by hand. Run pnpm docs:sync. -->",
    "",
    "Every public export of every package, with its signature, the first paragraph of its TSDoc and the TSDoc of its",
    "members (defaults are documented there). The guides explain how the pieces fit: start with",
    "[getting started](getting-started.md) and [the core runtime](core-runtime.md).",
    "",
    "Packages: " +
      entries
        .map((entry) => `[\`${entry.name}\`](#${entry.name.replace(/[@/]/g, "").replace(/\./g, "")})`)
        .join(", "),
    "",
    ...entries.map(describeEntry),
  ]
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd() + "\n";
const page = await formatMarkdown(output, rawPage);

if (check) {
  const current = existsSync(output) ? readFileSync(output, "utf8") : "";
  if (current !== page) {
    console.error("docs/api-reference.md is out of date: run pnpm docs:sync (after pnpm build)");
    process.exit(1);
  }
  console.log("docs/api-reference.md is up to date");
} else {
  writeFileSync(output, page);
  console.log(`wrote docs/api-reference.md`);
}
