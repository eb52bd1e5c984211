// Loaded into a command run by a test (NODE_OPTIONS="--import …/clock-at.mjs", CLOCK_AT=ISO time):
// the command's clock runs from that time on, for what depends on the day (before a capture month),
// where the test cannot wait for the month. The browser and the servers keep the real time.
const at = Date.parse(process.env.CLOCK_AT ?? "");
if (Number.isFinite(at)) {
  const shift = at - Date.now();
  const Real = Date;
  globalThis.Date = class extends Real {
    constructor(...args) { if (args.length === 0) super(Real.now() + shift); else super(...args); }
    static now() { return Real.now() + shift; }
  };
}
