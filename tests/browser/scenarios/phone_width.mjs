// At 390 px, with the state list open, filters active and the compare view open, nothing is
// wider than the phone, and rows stay cards.

import { PAGE } from "./programs_data.mjs";

async function width(page) {
  return page.evaluate(() => {
    const wide = [...document.querySelectorAll("body *")]
      .filter((e) => !e.closest("dialog") && e.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((e) => !e.closest(".filters__options") || e.matches(".filters__options"))
      .slice(0, 3)
      .map((e) => e.tagName.toLowerCase() + "." + String(e.className).split(" ").join("."));
    return { page: document.documentElement.scrollWidth, wide };
  });
}

export default async ({ url, fail, open }) => {
  for (const scheme of ["light", "dark"]) {
    const { page, context } = await open(390, scheme);
    await page.goto(`${url}${PAGE}?state=NY,NJ&visa=J-1&step2=232&yog=4&usce=3`);
    await page.click(".filters summary");
    let w = await width(page);
    if (w.page > 390 || w.wide.length) fail(`${scheme}: with the filters open the page is ${w.page} px wide (${w.wide.join(", ")})`);
    const display = await page.evaluate(() => getComputedStyle(document.querySelector("#programs-table tbody tr")).display);
    if (display !== "grid") fail(`${scheme}: a row at 390 px is displayed as ${display}, not as a card`);
    const boxes = page.locator("#programs-table tbody tr .cmp input");
    for (let i = 0; i < 2; i++) await boxes.nth(i).check();
    await page.click('[data-action="compare"]');
    const dialog = await page.evaluate(() => {
      const d = document.querySelector("dialog.compare").getBoundingClientRect();
      return { left: d.left, right: d.right };
    });
    if (dialog.left < 0 || dialog.right > 390) fail(`${scheme}: the compare view spans ${dialog.left}..${dialog.right} px`);
    w = await width(page);
    if (w.page > 390) fail(`${scheme}: with the compare view open the page is ${w.page} px wide`);
    await context.close();
  }
};
