#!/usr/bin/env bash
# NestJS compatibility matrix (nestjs.md §7), not run by default: packs @duraflows/core and @duraflows/nestjs,
# installs the tarballs into a temporary consumer per NestJS leg and boots an HTTP app once via `require` and
# once via `import`, asserting status codes and that each module system resolves its own entry point.
#
# Usage: packages/nestjs/scripts/compat-matrix.sh [leg ...]
#   legs: 11.0.0 (lower bound), 11 (latest 11.x), 12 (latest 12.x); default: all three.
# Needs Node >= 20.19 (NestJS 12 is ESM-only; CJS consumers rely on require(esm)) and npm registry access.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
pkg="$(cd "$here/.." && pwd)"
root="$(cd "$pkg/../.." && pwd)"
legs=("$@")
[ ${#legs[@]} -eq 0 ] && legs=(11.0.0 11 12)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tarballs"

echo "== build and pack"
(cd "$root" && pnpm --filter @duraflows/core build >/dev/null && pnpm --filter @duraflows/nestjs build >/dev/null)
(cd "$root/packages/core" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
(cd "$pkg" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
core_tgz="$(ls "$work"/tarballs/duraflows-core-*.tgz)"
nest_tgz="$(ls "$work"/tarballs/duraflows-nestjs-*.tgz)"

failed=0
for leg in "${legs[@]}"; do
  echo "== NestJS $leg on Node $(node --version)"
  consumer="$work/consumer-$leg"
  mkdir -p "$consumer"
  cp "$here"/compat/smoke-* "$consumer/"
  (
    cd "$consumer"
    printf '{ "name": "duraflows-nestjs-consumer", "private": true }\n' >package.json
    npm install --no-audit --no-fund --loglevel=error \
      "$core_tgz" "$nest_tgz" \
      "@nestjs/common@$leg" "@nestjs/core@$leg" "@nestjs/platform-express@$leg" \
      reflect-metadata@0.2.2 rxjs@7 >/dev/null
    echo "installed: @nestjs/core $(node -p 'require("@nestjs/core/package.json").version')"
    node smoke-app.cjs
    node smoke-app.mjs
  ) || { echo "!! NestJS $leg failed"; failed=1; }
done
exit "$failed"
