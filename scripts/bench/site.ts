/**
 * The benchmark's fixture site: three account start pages of moderate weight that look and behave like
 * Facebook, Instagram and YouTube pages (a consent dialog, photos, a feed that grows as it is scrolled).
 * Each account gets its own address (`?account=i`) and its own text and pictures, so no two captures are
 * the same page. Photos are generated, seeded, and served as JPEG like a real site's.
 *
 * The site runs in a process of its own, as a real site would: drawing photos is CPU work that would
 * otherwise stall the event loop of the process being measured. The photos of the accounts to be
 * captured are drawn before the site says it is ready, so neither somarkiv nor the baseline pays for
 * them, and both are served the same cached files.
 */
import { fork } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";

export type FixtureKind = "facebook" | "instagram" | "youtube";
export const FIXTURE_KINDS: FixtureKind[] = ["facebook", "instagram", "youtube"];

export interface FixtureSite {
  url: string;
  /** Process id of the site's own process, which the memory sampler leaves out. */
  pid: number | undefined;
  /** The start page of bench account i (kinds cycle: facebook, instagram, youtube, facebook, ...). */
  accountUrl(i: number): string;
  kindOf(i: number): FixtureKind;
  close(): Promise<void>;
}

const kindOf = (i: number): FixtureKind => FIXTURE_KINDS[i % FIXTURE_KINDS.length]!;

/** Starts the site in a child process with the photos of accounts 0 … warmAccounts − 1 drawn in advance. */
export async function startFixtureSite(warmAccounts = 0, internet = false): Promise<FixtureSite> {
  const child = fork(new URL("./site-process.ts", import.meta.url), [String(warmAccounts)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { url: string }).url));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`The benchmark's fixture site stopped before it was ready (exit ${code}).`)));
  });
  return {
    url,
    pid: child.pid,
    kindOf,
    // On "the internet": a name of its own per account, which the site answers as the browser's proxy.
    accountUrl: (i) => `${internet ? `http://bench-${i}.${kindOf(i)}.example` : url}/${kindOf(i)}.html?account=${i}`,
    close: () => new Promise<void>((r) => {
      if (child.exitCode !== null || child.signalCode !== null) return r();
      child.once("exit", () => r());
      child.kill("SIGTERM");
    }),
  };
}

/** The site itself, in the process that calls it (site-process.ts). */
export async function serveFixtureSite(warmAccounts: number): Promise<{ url: string; close(): Promise<void> }> {
  const images = new Map<string, Promise<Buffer>>();
  const image = (key: string, w: number, h: number, seed: number) => {
    if (!images.has(key)) images.set(key, photo(w, h, seed));
    return images.get(key)!;
  };
  for (let i = 0; i < warmAccounts; i++) {
    for (const src of imagesOf(kindOf(i), i)) {
      const [, w, h, seed] = /^\/img\/(\d+)x(\d+)-(\d+)\.jpg$/.exec(src)!.map(Number);
      await image(src, w!, h!, seed!);
    }
  }
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    const page = /^\/(facebook|instagram|youtube)\.html$/.exec(u.pathname);
    if (page) {
      const i = Number(u.searchParams.get("account") ?? "0") || 0;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(PAGES[page[1] as FixtureKind](i));
      return;
    }
    const img = /^\/img\/(\d+)x(\d+)-(\d+)\.jpg$/.exec(u.pathname);
    if (img) {
      const [w, h, seed] = [Number(img[1]), Number(img[2]), Number(img[3])];
      if (w > 2000 || h > 2000) { res.writeHead(404); res.end(); return; }
      image(u.pathname, w, h, seed).then(
        (buf) => { res.writeHead(200, { "content-type": "image/jpeg", "content-length": buf.length }); res.end(buf); },
        () => { res.writeHead(500); res.end(); },
      );
      return;
    }
    res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
    res.end("<h1>Sidan finns inte</h1>");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Every photo address the start page of account i shows once it is scrolled to the end. */
function imagesOf(kind: FixtureKind, i: number): string[] {
  const page = PAGES[kind](i);
  return [...new Set([...page.matchAll(/\/img\/\d+x\d+-\d+\.jpg/g)].map((m) => m[0]))];
}

/** A photo-like JPEG: smooth shapes and colour plus fine grain, so it compresses like a real photo. */
async function photo(width: number, height: number, seed: number): Promise<Buffer> {
  let s = (seed * 2654435761) >>> 0 || 1;
  const rand = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
  const base = [rand() * 255, rand() * 255, rand() * 255];
  const blobs = Array.from({ length: 6 }, () => ({ x: rand() * width, y: rand() * height, r: (0.15 + rand() * 0.35) * Math.max(width, height), c: [rand() * 255, rand() * 255, rand() * 255] }));
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = base[0]! * (1 - y / height / 2), g = base[1]!, b = base[2]! * (0.5 + y / height / 2);
      for (const bl of blobs) {
        const d = Math.hypot(x - bl.x, y - bl.y) / bl.r;
        if (d < 1) { const k = (1 - d) * (1 - d); r += (bl.c[0]! - r) * k; g += (bl.c[1]! - g) * k; b += (bl.c[2]! - b) * k; }
      }
      const grain = (rand() - 0.5) * 28;
      const o = (y * width + x) * 3;
      px[o] = clamp(r + grain); px[o + 1] = clamp(g + grain); px[o + 2] = clamp(b + grain);
    }
  }
  return sharp(px, { raw: { width, height, channels: 3 } }).jpeg({ quality: 82 }).toBuffer();
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

const TOWNS = ["Överkalix", "Kalix", "Haparanda", "Övertorneå", "Pajala", "Jokkmokk", "Arvidsjaur", "Älvsbyn"];
const HEADLINES = [
  ["Snöröjningen är igång i hela kommunen", "Plogbilarna kör sedan klockan fyra i morse. Prioriterade vägar är skolvägar och busshållplatser. Tack för ditt tålamod!"],
  ["Öppet hus på Älvdalsskolan", "Välkommen på öppet hus torsdag kl 17–19. Träffa lärare, se lokalerna och ställ dina frågor om skolvalet."],
  ["Ny lekplats vid älven", "Den nya lekplatsen invigs på lördag. Kom och fira med fika, musik och ansiktsmålning för barnen."],
  ["Budget för nästa år antagen", "Kommunfullmäktige har antagit budgeten. Läs mer om satsningarna på äldreomsorg och skola på vår webbplats."],
  ["Biblioteket har förlängda öppettider", "Under jullovet har biblioteket öppet även på söndagar. Välkommen in och låna böcker, ljudböcker och spel."],
  ["Vattenavstängning på Storgatan", "På tisdag stängs vattnet av mellan kl 9 och 12 på grund av ledningsarbete. Vi ber om överseende."],
  ["Sommarjobb för ungdomar", "Nu kan du som är född 2009 eller 2010 söka sommarjobb i kommunen. Sista ansökningsdag är den 15 mars."],
  ["Norrsken över torget", "Tack till alla som skickat in bilder på gårdagens norrsken! Här är några av våra favoriter."],
  ["Återvinningscentralen stänger tidigt", "På fredag stänger återvinningscentralen redan kl 15 på grund av personalutbildning."],
  ["Medborgardialog om nya skolan", "Var med och tyck till om den nya skolan. Dialogmöte i Folkets hus onsdag kl 18."],
  ["Hemtjänsten söker semestervikarier", "Vill du göra skillnad? Vi söker vikarier till hemtjänsten i sommar. Ingen erfarenhet krävs."],
  ["Fiberutbyggnaden fortsätter", "Under våren grävs fiber i byarna längs älven. Kontakta kommunen om du vill ansluta dig."],
];

const name = (i: number) => `${TOWNS[i % TOWNS.length]} kommun${i >= TOWNS.length ? ` ${Math.floor(i / TOWNS.length) + 1}` : ""}`;
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

const CONSENT_CSS = `#consent{position:fixed;inset:0;background:rgba(0,0,0,.6);z-index:10;display:flex;align-items:center;justify-content:center}
#consent .box{background:#fff;max-width:520px;padding:24px;border-radius:8px}
#consent button{margin:8px 8px 0 0;padding:10px 16px;font-size:15px;border-radius:6px;border:0}`;

function consentDialog(title: string, accept: string, decline: string): string {
  return `<div id="consent" role="dialog" aria-label="Cookies"><div class="box"><h2>${title}</h2>
<p>Vi använder cookies för att anpassa innehåll och förbättra tjänsten. Du kan välja att avvisa valfria cookies.</p>
<button class="primary" id="allow">${accept}</button><button id="decline">${decline}</button></div></div>`;
}

const CONSENT_SCRIPT = `for (const id of ['allow','decline']) document.getElementById(id).onclick=()=>document.getElementById('consent').remove();`;

/** A feed that shows `first` items and adds `step` more each time its end comes into view, after a network-like delay. */
function lazyFeed(itemsJson: string, render: string, first: number, step: number): string {
  return `const items=${itemsJson};let shown=0;const feed=document.getElementById('feed');
function add(n){for(let k=0;k<n&&shown<items.length;k++,shown++){const it=items[shown];feed.insertAdjacentHTML('beforeend',(${render})(it,shown));}}
add(${first});const sentinel=document.createElement('div');sentinel.style.height='1px';document.body.appendChild(sentinel);
new IntersectionObserver(es=>{if(es.some(e=>e.isIntersecting))setTimeout(()=>add(${step}),300);}).observe(sentinel);`;
}

const PAGES: Record<FixtureKind, (i: number) => string> = {
  facebook: (i) => {
    const posts = HEADLINES.map(([t, b], k) => ({ t, b, img: `/img/680x380-${i * 100 + k}.jpg` }));
    return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${esc(name(i))} | Facebook</title><style>
body{margin:0;font-family:Helvetica,Arial,sans-serif;background:#f0f2f5;color:#1c1e21}
header{background:#fff;border-bottom:1px solid #ddd;padding:10px 24px;position:sticky;top:0;z-index:5;display:flex;gap:12px;align-items:center}
header .logo{color:#1877f2;font-weight:bold;font-size:28px}
.cover{display:block;width:100%;height:300px;object-fit:cover}
.profile{background:#fff;padding:16px 40px}.profile h1{margin:0 0 4px}
main{max-width:720px;margin:16px auto}
.post{background:#fff;border-radius:8px;margin:0 0 16px;padding:16px;box-shadow:0 1px 2px rgba(0,0,0,.2)}
.post .meta{color:#65676b;font-size:13px}.post img{display:block;width:680px;height:380px;border-radius:6px;margin-top:10px}
.primary{background:#1877f2;color:#fff}${CONSENT_CSS}</style></head><body>
<header><span class="logo">facebook</span><span>${esc(name(i))}</span></header>
<img class="cover" src="/img/1280x300-${i * 100 + 99}.jpg" alt="Omslagsbild">
<div class="profile"><h1>${esc(name(i))}</h1><div>Officiellt konto för ${esc(name(i))} · konto ${i} · Växel 0926-140 00</div></div>
<main id="feed"></main>
${consentDialog("Tillåta cookies från Facebook i den här webbläsaren?", "Tillåt alla cookies", "Avvisa valfria cookies")}
<script>${lazyFeed(JSON.stringify(posts), "(p,k)=>`<article class=\"post\"><div class=\"meta\">${" + JSON.stringify(name(i)) + "} · ${k+1} dagar sedan</div><h3>${p.t}</h3><p>${p.b}</p><img loading=\"lazy\" src=\"${p.img}\" alt=\"\"></article>`", 3, 3)}
${CONSENT_SCRIPT}</script></body></html>`;
  },
  instagram: (i) => {
    const tiles = Array.from({ length: 18 }, (_, k) => ({ img: `/img/300x300-${i * 100 + k}.jpg`, likes: 40 + ((i * 7 + k * 13) % 300) }));
    return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${esc(name(i))} (@kommun${i}) • Instagram</title><style>
body{margin:0;font-family:Helvetica,Arial,sans-serif;background:#fff;color:#262626}
header{border-bottom:1px solid #dbdbdb;padding:12px 24px;font:italic bold 26px Georgia,serif}
.profile{display:flex;gap:40px;max-width:935px;margin:30px auto;align-items:center}
.avatar{width:150px;height:150px;border-radius:50%}
main{max-width:935px;margin:0 auto;display:grid;grid-template-columns:repeat(3,1fr);gap:4px}
figure{margin:0}figure img{display:block;width:100%;aspect-ratio:1;object-fit:cover}figcaption{font-size:12px;color:#8e8e8e;padding:2px 4px}
.primary{background:#0095f6;color:#fff}${CONSENT_CSS}</style></head><body>
<header>Instagram</header>
<div class="profile"><img class="avatar" src="/img/150x150-${i * 100 + 99}.jpg" alt="Profilbild"><div><h1>kommun${i}</h1>
<p><b>${tiles.length}</b> inlägg · <b>${1200 + i}</b> följare</p><p>${esc(name(i))} – livet i kommunen. Officiellt konto.</p></div></div>
<main id="feed"></main>
${consentDialog("Tillåt användning av cookies från Instagram i den här webbläsaren?", "Tillåt alla cookies", "Avvisa valfria cookies")}
<script>${lazyFeed(JSON.stringify(tiles), "(p,k)=>`<figure><img loading=\"lazy\" src=\"${p.img}\" alt=\"Bild ${k+1}\"><figcaption>${p.likes} gilla-markeringar</figcaption></figure>`", 9, 6)}
${CONSENT_SCRIPT}</script></body></html>`;
  },
  youtube: (i) => {
    const videos = HEADLINES.concat(HEADLINES.slice(0, 4)).map(([t], k) => ({ t: `${t} – ${name(i)}`, img: `/img/320x180-${i * 100 + k}.jpg`, views: `${(k + 1) * 37 + i} visningar` }));
    return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${esc(name(i))} - YouTube</title><style>
body{margin:0;font-family:Roboto,Arial,sans-serif;background:#fff;color:#0f0f0f}
header{padding:12px 24px;display:flex;align-items:center;gap:8px;font-weight:bold;font-size:20px}
header .play{background:#f00;color:#fff;border-radius:6px;padding:2px 8px}
.banner{display:block;width:100%;height:200px;object-fit:cover}
.channel{padding:16px 80px}.channel h1{margin:0}
main{padding:0 80px 40px;display:grid;grid-template-columns:repeat(4,1fr);gap:16px}
.video img{display:block;width:100%;aspect-ratio:16/9;border-radius:10px}.video h3{font-size:14px;margin:6px 0 2px}.video span{font-size:12px;color:#606060}
.primary{background:#065fd4;color:#fff}${CONSENT_CSS}</style></head><body>
<header><span class="play">▶</span>YouTube</header>
<img class="banner" src="/img/1280x200-${i * 100 + 99}.jpg" alt="Kanalbild">
<div class="channel"><h1>${esc(name(i))}</h1><p>@kommun${i} · ${300 + i} prenumeranter · ${videos.length} videor</p></div>
<main id="feed"></main>
${consentDialog("Innan du fortsätter till YouTube", "Godkänn alla", "Avvisa alla")}
<script>${lazyFeed(JSON.stringify(videos), "(v)=>`<div class=\"video\"><img loading=\"lazy\" src=\"${v.img}\" alt=\"\"><h3>${v.t}</h3><span>${v.views}</span></div>`", 8, 4)}
${CONSENT_SCRIPT}</script></body></html>`;
  },
};
