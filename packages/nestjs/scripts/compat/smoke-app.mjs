// Consumer smoke app of the compatibility matrix (nestjs.md §7), loaded through `import`.
import "reflect-metadata";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Module } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import * as nestjs from "@duraflows/nestjs";

const { runSmoke } = createRequire(import.meta.url)("./smoke-checks.cjs");
const resolved = fileURLToPath(import.meta.resolve("@duraflows/nestjs"));

runSmoke({ mode: "esm", resolved, nestjs, Module, NestFactory }).catch((error) => {
  console.error(error);
  process.exit(1);
});
