import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Chromium captures are CPU-bound; two workers match the 2-core machines we run on.
    pool: "forks",
    maxWorkers: 2,
  },
});
