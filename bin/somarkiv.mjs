#!/usr/bin/env node
// Runs the compiled copy in dist/ when it was built from the sources as they are now (`npm run build`;
// `npm test` and `npm run demo` build it), and otherwise the TypeScript sources directly through tsx,
// so `npx somarkiv` works right after `npm install` and an edited source is never run from an older build.
import path from "node:path";
import { builtCopyIsCurrent } from "./source-stamp.mjs";

const root = path.resolve(import.meta.dirname, "..");
let main;
if (builtCopyIsCurrent(root)) {
  ({ main } = await import("../dist/main.js"));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
