// Each committed change is a history entry: Back and Forward restore the form, the rows and the
// sort of the earlier view.

import { PAGE, expected, visible, programs, firstPageOf } from "./programs_data.mjs";

export default async ({ page, url, fail }) => {
  await page.goto(`${url}${PAGE}`);
  const views = [{ query: "", form: { step2: "", visa: false } }];
  await page.check('input[name=visa][value="J-1"]');
  views.push({ query: "visa=J-1", form: { step2: "", visa: true } });
  await page.fill("#f-step2", "225");
  await page.press("#f-step2", "Enter");
  views.push({ query: "visa=J-1&step2=225", form: { step2: "225", visa: true } });
  await page.click('th[data-key="pct_img"] button');
  views.push({ query: "visa=J-1&step2=225&sort=pct_img-asc", form: { step2: "225", visa: true } });

  const check = async (view, how) => {
    const search = decodeURIComponent(new URL(page.url()).search);
    if (search !== (view.query ? `?${view.query}` : "")) fail(`${how}: the URL is "${search}", expected "?${view.query}"`);
    const form = await page.evaluate(() => ({
      step2: document.getElementById("f-step2").value,
      visa: document.querySelector('input[name=visa][value="J-1"]').checked,
      sort: document.querySelector('th[aria-sort]')?.getAttribute("data-key") || null,
    }));
    if (form.step2 !== view.form.step2 || form.visa !== view.form.visa) {
      fail(`${how}: the form shows step2=${form.step2} J-1=${form.visa}, expected ${JSON.stringify(view.form)}`);
    }
    const wantSort = view.query.includes("sort=") ? "pct_img" : null;
    if (form.sort !== wantSort) fail(`${how}: the table is sorted by ${form.sort}, expected ${wantSort}`);
    const got = await visible(page);
    if (!firstPageOf(got, expected(view.query).shown, programs().length)) {
      fail(`${how}: ${got.shown.length} rows ("${got.count}"), expected ${expected(view.query).shown.length}`);
    }
  };
  await check(views[3], "after the changes");
  for (let i = 2; i >= 0; i--) {
    await page.goBack();
    await check(views[i], `Back to view ${i}`);
  }
  for (let i = 1; i <= 3; i++) {
    await page.goForward();
    await check(views[i], `Forward to view ${i}`);
  }
};
