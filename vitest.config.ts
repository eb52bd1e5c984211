import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A bound for a test that hangs, not a measure: on a machine whose Chromium is slower (2026-12-04's
    // new one printed a page in 2 s, not 0.8), tests that passed in a minute took over two under load.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Six files at once on the 2-core machines we run on: most capture tests wait on the pages' own
    // timers, not the CPU (a capture file used about a quarter of the two cores). Measured quietly on
    // 2026-12-04: two took 13-15 minutes, three 11.1 (14.6 once the suite had grown to 101 files),
    // four 12.0 for those 101 files. On 2026-12-06's machine (Intel Xeon), in a clean clone of 229
    // files with the set-up: four 16.2 minutes with the cores 54 % busy, six 13.3 with them 66 % busy.
    // Later that day, 234 files: six 14.8 minutes, eight 14.0 with the cores 94 % busy (bound by the CPU).
    // 235 files with less CPU per command (scripts/bench/README.md): six 14.4 minutes, the cores 92 % busy.
    // 236 files, 1,528 tests: six 17.6 minutes in a clean clone at 20:07 (vitest 978 s; the same files
    // took 861 s alone at 19:31, 1,557 CPU-s); eight 18.0 at 20:28 (vitest 998 s, 2,063 CPU-s, 95 % of
    // the cores), and a feed test under that load took 16 of 18 posts: more at once costs more CPU.
    // With the compiled copy bundled (scripts/build.mjs) the same files took 869 s and 1,540 CPU-s alone
    // (2026-12-06 22:36), against 946 s and 1,745 that evening before it. Forks shared between files
    // (isolate: false) took 924 s and 1,707 CPU-s: 2 %, not worth files sharing every module's state.
    pool: "forks",
    maxWorkers: 6,
    // The test files' own processes without V8's last compiler tier, as the commands they run
    // (NODE_FLAGS in test/helpers/cli.ts): 28 files (pdf, record, config, verify, a capture file) took
    // 89-93 CPU-s with it off against 94 with it on (2026-12-06, alternated). Speed only, never behaviour.
    execArgv: ["--max-opt=2"],
  },
});
