// WCAG 2.2 2.4.11 (focus not obscured): moving up the program table with Shift+Tab, the focused
// control is never hidden under the table's sticky header row (desktop, where the table scrolls
// inside its own box with the header kept in view).
export default async ({ page, url, fail }) => {
  await page.goto(`${url}/programs/internal-medicine/?page=all`);
  const rows = await page.locator("#programs-table tbody tr").count();
  if (rows < 40) fail(`only ${rows} rows: the demo data should give a table that scrolls`);
  // The table's box fills the window (as when a reader scrolls to it), then row 40 is focused.
  await page.locator(".table-scroll").evaluate((box) => box.scrollIntoView({ block: "start" }));
  await page.locator("#programs-table tbody tr:nth-child(40) th a").focus();
  let checked = 0;
  for (let step = 0; step < 60; step += 1) {
    await page.keyboard.press("Shift+Tab");
    const state = await page.evaluate(() => {
      const focused = document.activeElement;
      const table = document.getElementById("programs-table");
      if (!focused || !table.tBodies[0].contains(focused)) return null;
      const head = table.tHead.rows[0].cells[0].getBoundingClientRect();
      const box = focused.getBoundingClientRect();
      const scroller = table.closest(".table-scroll").getBoundingClientRect();
      return { top: box.top, bottom: box.bottom, headBottom: head.bottom, scrollerBottom: scroller.bottom, text: focused.textContent.trim() };
    });
    if (!state) break;
    checked += 1;
    if (state.top < state.headBottom - 1) {
      fail(`"${state.text}" is focused at ${Math.round(state.top)} px, under the sticky header that ends at ${Math.round(state.headBottom)} px`);
    }
    if (state.bottom > state.scrollerBottom + 1) fail(`"${state.text}" is focused below the table's box`);
  }
  if (checked < 30) fail(`only ${checked} controls of the table were reached with Shift+Tab`);
};
