// Browser checks of a built matchpress site, in Debian's Chromium driven by playwright-core.
// Run by `cargo test` (tests/testsuite/browser.rs), which builds the site and says what to check:
//
//   node run.mjs axe SITE_DIR PATH...      axe-core's WCAG 2.2 A/AA rules on each page at 1280 and
//                                          390 px wide, light and dark; no page wider than the
//                                          viewport at 390 px; nothing below the footer; no
//                                          request leaves the site
//   node run.mjs script SITE_DIR FILE      a scenario module: export default async ({ page, url })
//
// The site is served from SITE_DIR by a small server on 127.0.0.1 (a folder's index.html, the
// 404 page with status 404 for anything else). Prints a report; exits 0 when every check
// passed, 1 when one failed, 2 when the browser is missing.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const AXE_SOURCE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const WIDTHS = [1280, 390];
const SCHEMES = ["light", "dark"];
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

/** Serve `root` on 127.0.0.1; resolves to the base URL and a function that stops it. */
async function serve(root) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) {
      res.writeHead(400).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      const body = await readFile(join(base, "404.html")).catch(() => Buffer.from("not found"));
      res.writeHead(404, { "content-type": TYPES[".html"] }).end(body);
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((done) => server.close(done)) };
}

/** A page of `browser` at `width` in `scheme` that records every request leaving `origin`. */
async function open(browser, origin, width, scheme) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme: scheme,
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  const outside = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:")) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, outside, errors };
}

async function axeCheck(browser, site, paths) {
  const failures = [];
  let runs = 0;
  for (const path of paths) {
    for (const width of WIDTHS) {
      for (const scheme of SCHEMES) {
        const where = `${path} at ${width} px, ${scheme}`;
        const { context, page, outside, errors } = await open(browser, site.url, width, scheme);
        // "networkidle": a page that loads data after "load" (Smart Pick) is checked with it shown.
        const response = await page.goto(site.url + path, { waitUntil: "networkidle" });
        if (!response || (response.status() >= 400 && !path.endsWith("404.html"))) {
          failures.push(`${where}: answered ${response && response.status()}`);
        }
        await page.addScriptTag({ content: AXE_SOURCE });
        const result = await page.evaluate(async (tags) => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
          return r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1).join(" ").trim()}`),
            count: v.nodes.length,
          }));
        }, AXE_TAGS);
        runs += 1;
        for (const v of result) {
          failures.push(`${where}: axe ${v.id} (${v.impact}) on ${v.count} element(s): ${v.help}\n      ${v.nodes.join("\n      ")}`);
        }
        if (width < 600) {
          const wide = await page.evaluate(() => {
            const root = document.documentElement;
            if (root.scrollWidth <= window.innerWidth) return null;
            // The widest elements, to say what overflows.
            const culprits = [...document.querySelectorAll("body *")]
              .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
              .filter((e) => !e.closest("[data-scroll]") || e.matches("[data-scroll]"))
              .slice(0, 3)
              .map((e) => `${e.tagName.toLowerCase()}${e.className ? "." + String(e.className).split(" ").join(".") : ""}`);
            return { width: root.scrollWidth, culprits };
          });
          if (wide) failures.push(`${where}: the page is ${wide.width} px wide (${wide.culprits.join(", ")})`);
        }
        const blank = await page.evaluate(() => {
          const footer = document.querySelector("body > footer, .site-footer");
          if (!footer) return null;
          const end = footer.getBoundingClientRect().bottom + window.scrollY;
          const height = document.documentElement.scrollHeight;
          return height > end + 2 ? height - end : null;
        });
        if (blank) failures.push(`${where}: ${Math.round(blank)} px of blank page below the footer`);
        for (const url of outside) failures.push(`${where}: a request leaves the site: ${url}`);
        for (const e of errors) failures.push(`${where}: script error: ${e}`);
        await context.close();
      }
    }
  }
  console.log(`axe: ${runs} runs of ${paths.length} pages (${WIDTHS.join(" and ")} px, light and dark)`);
  return failures;
}

async function scriptCheck(browser, site, file) {
  const scenario = (await import(resolve(file))).default;
  const failures = [];
  const fail = (message) => failures.push(message);
  const { context, page, outside, errors } = await open(browser, site.url, 1280, "light");
  try {
    await scenario({ browser, page, url: site.url, fail, open: (width, scheme) => open(browser, site.url, width, scheme) });
  } catch (e) {
    failures.push(`${file}: ${e && e.stack ? e.stack : e}`);
  }
  for (const url of outside) failures.push(`a request leaves the site: ${url}`);
  for (const e of errors) failures.push(`script error: ${e}`);
  await context.close();
  return failures;
}

async function main() {
  const [mode, root, ...rest] = process.argv.slice(2);
  if (!existsSync(CHROMIUM)) {
    console.error(
      `Chromium is not at ${CHROMIUM}. Install Debian's package (apt-get install chromium), ` +
        "or set CHROMIUM to the browser's path. The browser tests never pass without it.",
    );
    process.exit(2);
  }
  const site = await serve(root);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  let failures;
  try {
    if (mode === "axe") failures = await axeCheck(browser, site, rest);
    else if (mode === "script") failures = await scriptCheck(browser, site, rest[0]);
    else failures = [`unknown mode ${mode}`];
  } finally {
    await browser.close();
    await site.stop();
  }
  if (failures.length) {
    console.log(`${failures.length} failure(s):\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
  console.log("all passed");
}

await main();
