import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Three files at once on the 2-core machines we run on: most capture tests wait on the pages' own
    // timers, not the CPU (a capture file used about a quarter of the two cores). Measured quietly on
    // 2026-12-04: 11.1 minutes with three, where two took 13-15.
    pool: "forks",
    maxWorkers: 3,
  },
});
