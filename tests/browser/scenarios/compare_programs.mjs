// Compare: four programs can be picked, a fifth is refused, and the view lists each with every
// fact and the requirement checklist, unknowns marked "not published".

import { PAGE, programs } from "./programs_data.mjs";

const CHECKLIST = ["Visa sponsorship", "USMLE Step 2 CK", "Years since graduation", "US clinical experience",
  "Exam attempts", "Observerships", "Step 3 for the H-1B", "DO graduates", "COMLEX instead of USMLE"];

export default async ({ page, url, fail }) => {
  const data = new Map(programs().map((p) => [p.acgme_id, p]));
  await page.goto(`${url}${PAGE}?page=all`);
  const boxes = page.locator("#programs-table tbody .cmp input");
  if ((await boxes.count()) !== data.size) fail(`${await boxes.count()} compare boxes for ${data.size} programs`);
  // Four programs that between them show as many different requirement values as the data has,
  // the first one without a published USCE rule (so "not published" shows), and a fifth.
  const seen = new Set();
  const facts = (p) => Object.entries(p.requirements).map(([k, v]) => `${k}=${v}`).concat(`visas=${p.visas}`);
  const ids = [];
  const unknownUsce = [...data.values()].find((p) => p.requirements.usce == null);
  if (!unknownUsce) fail("no program without a published USCE rule");
  else { ids.push(unknownUsce.acgme_id); facts(unknownUsce).forEach((f) => seen.add(f)); }
  while (ids.length < 5) {
    let best = null, gain = -1;
    for (const p of data.values()) {
      if (ids.includes(p.acgme_id)) continue;
      const g = facts(p).filter((f) => !seen.has(f)).length;
      if (g > gain) { best = p; gain = g; }
    }
    ids.push(best.acgme_id);
    facts(best).forEach((f) => seen.add(f));
  }
  for (const id of ids.slice(0, 4)) await page.check(`tr[data-acgme-id="${id}"] .cmp input`);
  const fifth = page.locator(`tr[data-acgme-id="${ids[4]}"] .cmp input`);
  await fifth.click();
  if (await fifth.isChecked()) fail("a fifth program could be picked");
  const status = await page.textContent(".filters__status");
  if (!/up to four/.test(status)) fail(`refusing the fifth says "${status}"`);
  const button = page.locator('[data-action="compare"]');
  if ((await button.textContent()) !== "Compare 4 programs") fail(`the button says "${await button.textContent()}"`);
  // The box's accessible name is the program's.
  const name = await page.locator(`tr[data-acgme-id="${ids[0]}"] .cmp`).textContent();
  const p0 = data.get(ids[0]);
  if (!name.includes(p0.sponsor || p0.name)) fail(`the compare box of ${ids[0]} is labelled "${name}"`);

  await button.click();
  const dialog = page.locator("dialog.compare");
  if (!(await dialog.evaluate((d) => d.open))) fail("the compare view did not open");
  const view = await dialog.evaluate((d) => ({
    heads: [...d.querySelectorAll("thead th")].slice(1).map((th) => th.textContent),
    facts: [...d.querySelectorAll("tbody tr")].map((tr) => ({
      label: tr.cells[0].textContent,
      values: [...tr.cells].slice(1).map((c) => c.textContent),
    })),
  }));
  if (view.heads.length !== 4) fail(`the compare view has ${view.heads.length} programs`);
  ids.slice(0, 4).forEach((id, i) => {
    const p = data.get(id);
    if (!(view.heads[i] || "").includes(p.sponsor || p.name)) fail(`column ${i + 1} is "${view.heads[i]}", expected ${p.sponsor}`);
  });
  for (const label of CHECKLIST) {
    if (!view.facts.some((f) => f.label === label)) fail(`the compare view lacks "${label}"`);
  }
  const row = (label) => view.facts.find((f) => f.label === label) || { values: [] };
  ids.slice(0, 4).forEach((id, i) => {
    const p = data.get(id);
    if (row("ACGME ID").values[i] !== id) fail(`ACGME ID of column ${i + 1}: ${row("ACGME ID").values[i]}`);
    if ((row("US clinical experience").values[i] === "Not published") !== (p.requirements.usce == null)) {
      fail(`USCE of ${id} reads "${row("US clinical experience").values[i]}", the data says ${p.requirements.usce}`);
    }
    const step2 = p.requirements.min_step2_ck;
    const want = step2 == null ? "Not published" : `Minimum score ${step2}`;
    if (row("USMLE Step 2 CK").values[i] !== want) fail(`Step 2 CK of ${id} reads "${row("USMLE Step 2 CK").values[i]}", expected "${want}"`);
    const img = p.pct_img == null ? "Not published" : `${p.pct_img}%`;
    if (row("IMG share").values[i] !== img) fail(`IMG share of ${id} reads "${row("IMG share").values[i]}", expected "${img}"`);
  });
  // The checklist reads as on each program's own page (the wording lives in Rust and in
  // programs.js; this keeps the two the same).
  const links = await dialog.evaluate((d) => [...d.querySelectorAll("thead th a")].map((a) => a.href));
  const other = await page.context().newPage();
  for (const [i, href] of links.entries()) {
    await other.goto(href);
    const items = await other.evaluate(() => [...document.querySelectorAll(".checklist__item")].map((li) => ({
      label: li.querySelector(".checklist__label").textContent.replace(/:$/, ""),
      text: li.querySelector(".checklist__text").textContent.trim(),
    })));
    if (items.length < CHECKLIST.length) fail(`${href} lists ${items.length} checklist items`);
    for (const { label, text } of items) {
      const got = row(label).values[i];
      if (got !== text) fail(`${href}: "${label}" reads "${text}" on the program page, "${got}" in the compare view`);
    }
  }
  await other.close();
  await page.keyboard.press("Escape");
  if (await dialog.evaluate((d) => d.open)) fail("Escape does not close the compare view");
};
