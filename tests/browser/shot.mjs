// A screenshot for reviewing the theme by eye: node shot.mjs URL WIDTH OUT.png [SCROLL_SELECTOR] [dark]
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const [url, width, out, selector, scheme] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 }, colorScheme: scheme === "dark" ? "dark" : "light" });
await page.goto(url);
if (selector) await page.locator(selector).first().scrollIntoViewIfNeeded();
await page.screenshot({ path: out });
await browser.close();
