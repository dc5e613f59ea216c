/* matchpress: filters and sortable columns for a specialty's program table.
   Progressive enhancement: without this script the complete table still shows. */
(function () {
  "use strict";
  var table = document.getElementById("programs-table");
  var region = table && table.closest(".table-scroll");
  if (!region || !table.tHead || !table.tBodies[0]) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var total = rows.length;
  rows.forEach(function (r, i) { r._i = i; });

  var form = document.createElement("form");
  form.className = "filters";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Filter programs");
  form.innerHTML =
    '<div class="filters__fields">' +
    '<p><label for="f-state">State</label><select id="f-state" name="state"><option value="">All states</option></select></p>' +
    '<p><label for="f-visa">Visa sponsorship</label><select id="f-visa" name="visa"><option value="">Any</option>' +
    '<option value="J-1">Sponsors J-1</option><option value="H-1B">Sponsors H-1B</option><option value="any">Sponsors any visa</option></select></p>' +
    '<p><label for="f-step2">My Step 2 CK score</label><input id="f-step2" name="step2" type="number" inputmode="numeric" min="1" max="300" aria-describedby="f-step2-hint">' +
    '<span class="filters__hint" id="f-step2-hint">Hides programs that ask for more</span></p>' +
    '<p><label for="f-img">Minimum IMG share</label><select id="f-img" name="img"><option value="">Any</option>' +
    '<option value="10">10% or more</option><option value="25">25% or more</option><option value="50">50% or more</option></select></p>' +
    '</div><div class="filters__foot">' +
    '<label class="check"><input type="checkbox" name="unknown" checked> Include programs that don\u2019t publish the filtered value</label>' +
    '<button type="reset" class="filters__reset">Clear filters</button>' +
    '<p class="filters__count" aria-live="polite"></p></div>';
  var f = form.elements;
  var count = form.querySelector(".filters__count");

  var states = [];
  rows.forEach(function (r) {
    if (states.indexOf(r.dataset.state) < 0) states.push(r.dataset.state);
  });
  states.sort().forEach(function (s) { f.state.add(new Option(s, s)); });
  region.parentNode.insertBefore(form, region);

  function has(list, v) { return (" " + list + " ").indexOf(" " + v + " ") >= 0; }

  function apply() {
    var state = f.state.value, visa = f.visa.value, keep = f.unknown.checked;
    var score = parseInt(f.step2.value, 10), img = parseInt(f.img.value, 10), shown = 0;
    rows.forEach(function (r) {
      var d = r.dataset, ok = !state || d.state === state;
      if (ok && visa) {
        if (d.visas === "unknown") ok = keep;
        else ok = visa === "any" ? d.visas !== "none" : has(d.visas, visa);
      }
      if (ok && score > 0) ok = d.step2 === "" ? keep : +d.step2 <= score;
      if (ok && img > 0) ok = d.img === "" ? keep : +d.img >= img;
      r.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = "Showing " + shown + " of " + total + " program" + (total === 1 ? "" : "s") +
      (shown ? "" : ". Try widening the filters.");
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });

  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    var kind = th.getAttribute("data-sort");
    if (!kind) return;
    var b = document.createElement("button");
    b.type = "button";
    b.className = "sort";
    while (th.firstChild) b.appendChild(th.firstChild);
    th.appendChild(b);
    b.addEventListener("click", function () {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      var key = function (r) {
        var c = r.cells[col];
        if (kind === "num") return c.dataset.v === "" ? null : +c.dataset.v;
        return c.textContent.trim().toLowerCase();
      };
      rows.sort(function (a, b2) {
        var x = key(a), y = key(b2);
        if (x === null || y === null) return x === y ? a._i - b2._i : x === null ? 1 : -1;
        return (x < y ? -dir : x > y ? dir : 0) || a._i - b2._i;
      });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      body.appendChild(frag);
    });
  });
  apply();
})();
