// Filters and compare with the keyboard alone: Tab to a control, Space or Enter to use it.

import { PAGE, expected, visible, programs, firstPageOf } from "./programs_data.mjs";

/** Press Tab until the focused element matches `selector`; fail after `max` presses. */
async function tabTo(page, selector, fail, max = 400) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return true;
  }
  fail(`Tab never reaches ${selector}`);
  return false;
}

export default async ({ page, url, fail }) => {
  await page.goto(`${url}${PAGE}`);
  // States: open the list with Enter, tick NY with Space.
  if (await tabTo(page, ".filters summary", fail)) await page.keyboard.press("Enter");
  if (await tabTo(page, 'input[name=state][value="NY"]', fail)) await page.keyboard.press("Space");
  if (await tabTo(page, 'input[name=visa][value="J-1"]', fail)) await page.keyboard.press("Space");
  if (await tabTo(page, "#f-step2", fail)) {
    await page.keyboard.type("232");
    await page.keyboard.press("Enter");
  }
  const query = "state=NY&visa=J-1&step2=232";
  // The URL is written by the form's change handler; on a loaded machine that can come a moment
  // after the key press returns, so wait for it (a wrong or missing query still fails).
  const committed = await page
    .waitForFunction((q) => decodeURIComponent(location.search) === q, `?${query}`, { timeout: 5000 })
    .then(() => true, () => false);
  if (!committed) fail(`by keyboard the query became ${new URL(page.url()).search}`);
  const got = await visible(page);
  if (!firstPageOf(got, expected(query).shown, programs().length)) fail(`by keyboard ${got.shown.length} rows show, expected ${expected(query).shown.length}`);

  // Compare two programs: Tab to each row's box, Space; Tab back to the button, Enter.
  await page.goto(`${url}${PAGE}`);
  const ids = await page.evaluate(() => [...document.querySelectorAll("#programs-table tbody tr")].slice(0, 2).map((r) => r.dataset.acgmeId));
  for (const id of ids) {
    if (await tabTo(page, `tr[data-acgme-id="${id}"] .cmp input`, fail)) await page.keyboard.press("Space");
  }
  const picked = await page.locator("#programs-table .cmp input:checked").count();
  if (picked !== 2) fail(`Space picked ${picked} programs to compare, expected 2`);
  // The button is before the table: Shift+Tab back up to it.
  let reached = false;
  for (let i = 0; i < 100 && !reached; i++) {
    await page.keyboard.press("Shift+Tab");
    reached = await page.evaluate(() => document.activeElement.matches('[data-action="compare"]'));
  }
  if (!reached) fail("Shift+Tab never reaches the Compare button");
  await page.keyboard.press("Enter");
  const open = await page.evaluate(() => document.querySelector("dialog.compare").open);
  if (!open) fail("Enter on the Compare button does not open the view");
  const heads = await page.locator("dialog.compare thead th").count();
  if (heads !== 3) fail(`the compare view has ${heads - 1} programs, expected 2`);
  // Focus is inside the view; Close by keyboard returns focus to the button.
  const inside = await page.evaluate(() => !!document.activeElement.closest("dialog.compare"));
  if (!inside) fail("focus is not inside the compare view when it opens");
  await tabTo(page, 'dialog.compare [data-action="close"]', fail, 20);
  await page.keyboard.press("Enter");
  const back = await page.evaluate(() => !document.querySelector("dialog.compare").open && document.activeElement.matches('[data-action="compare"]'));
  if (!back) fail("closing the compare view does not return focus to the Compare button");
};
