/** The fixture site's own process (see site.ts): draws the photos, listens, and tells its parent the address. */
import { serveFixtureSite } from "./site.ts";

const site = await serveFixtureSite(Number(process.argv[2] ?? "0") || 0);
process.send?.({ url: site.url });
const stop = () => { site.close().finally(() => process.exit(0)); };
process.on("SIGTERM", stop);
process.on("disconnect", stop);
