import { defineProject } from "vitest/config";

// The tests run the built `dist/bin.js` as a real process against PostgreSQL: build the package first
// (`pnpm --filter @duraflows/cli build`, which needs core and pg built).
export default defineProject({
  test: {
    name: "cli:integration",
    include: ["test/**/*.test.ts"],
    // Each case starts several Node processes; on a busy CI machine one start can take seconds.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
