import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Four files at once on the 2-core machines we run on: most capture tests wait on the pages' own
    // timers, not the CPU (a capture file used about a quarter of the two cores). Measured quietly on
    // 2026-12-04: two took 13-15 minutes, three 11.1 (14.6 once the suite had grown to 101 files),
    // four 12.0 for those 101 files.
    pool: "forks",
    maxWorkers: 4,
  },
});
