// Smart Pick with the keyboard alone, without JavaScript, and the method the page explains
// against the numbers the method uses.

import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const method = require(fileURLToPath(new URL("../../../themes/default/static/smart-pick-method.js", import.meta.url)));

async function tabTo(page, selector, fail, max = 300) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return true;
  }
  fail(`Tab never reaches ${selector}`);
  return false;
}

export default async ({ page, url, fail, browser }) => {
  // Keyboard: a specialty, a score, a visa, then Enter; focus goes to the results.
  await page.goto(`${url}/smart-pick/`);
  if (await tabTo(page, 'input[name=specialty][value="internal-medicine"]', fail)) await page.keyboard.press("Space");
  if (await tabTo(page, "#sp-step2", fail)) await page.keyboard.type("235");
  if (await tabTo(page, 'input[name=visa]', fail)) {
    // Arrow keys move through a radio group: None, J-1.
    await page.keyboard.press("ArrowDown");
  }
  const visa = await page.evaluate(() => document.querySelector("input[name=visa]:checked").value);
  if (visa !== "j1") fail(`the arrow key chose the visa ${visa}`);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => !document.getElementById("sp-results").hidden);
  const focus = await page.evaluate(() => document.activeElement.id);
  if (focus !== "sp-results") fail(`after Enter, focus is on #${focus}, not on the results`);
  const hash = decodeURIComponent(new URL(page.url()).hash);
  if (!hash.includes("specialty=internal-medicine") || !hash.includes("step2=235") || !hash.includes("visa=j1")) fail(`by keyboard the fragment is ${hash}`);
  // The first program's reasons open with Enter, and its compare box takes Space.
  if (await tabTo(page, "[data-sp-list] > li:first-child .sp-why summary", fail, 40)) await page.keyboard.press("Enter");
  const open = await page.evaluate(() => document.querySelector("[data-sp-list] > li:first-child .sp-why").open);
  if (!open) fail("Enter does not open a program's reasons");
  if (await tabTo(page, "[data-sp-list] > li:first-child .cmp input", fail, 10)) await page.keyboard.press("Space");
  const compare = await page.textContent('[data-sp-action="compare"]');
  if (compare !== "Compare 1 program") fail(`after Space the button says "${compare}"`);

  // The screened-out switch by keyboard.
  if (await tabTo(page, "[data-sp-show-screened]", fail, 300)) await page.keyboard.press("Space");
  if (!(await page.isVisible("[data-sp-screened]"))) fail("Space on the switch does not show the screened-out programs");

  // The method on the page uses the method's own numbers.
  const text = await page.textContent("#method");
  for (const f of method.FACTORS) {
    if (!text.includes(`${f.max} points`)) fail(`the page's method does not give the ${f.key} factor's ${f.max} points`);
  }
  for (const t of method.TIERS) {
    if (!text.toLowerCase().includes(t.label.toLowerCase())) fail(`the page's method does not name the tier "${t.label}"`);
  }

  // Without JavaScript: the method, a link to the directory, no form.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const bare = await plain.newPage();
  await bare.goto(`${url}/smart-pick/`);
  if (!(await bare.isVisible("[data-sp-off]"))) fail("without JavaScript the page does not say it needs it");
  if (await bare.isVisible("#sp-form")) fail("without JavaScript a form that cannot work is shown");
  const directory = await bare.getAttribute("[data-sp-off] a", "href");
  if (!directory || !directory.includes("programs")) fail(`without JavaScript the page links to ${directory}`);
  if (!(await bare.isVisible("#method"))) fail("without JavaScript the method is not explained");
  await plain.close();
};
