// Consumer smoke app of the compatibility matrix (nestjs.md §7), loaded through `require`.
"use strict";
/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- this file is the CommonJS consumer under test */
require("reflect-metadata");
const { Module } = require("@nestjs/common");
const { NestFactory } = require("@nestjs/core");
const nestjs = require("@duraflows/nestjs");
const { runSmoke } = require("./smoke-checks.cjs");

runSmoke({ mode: "cjs", resolved: require.resolve("@duraflows/nestjs"), nestjs, Module, NestFactory }).catch(
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
