/* matchpress: the compare view, shared by a specialty's program table (programs.js) and Smart
   Pick (smart-pick.js): up to four programs side by side, every fact and the requirement
   checklist of the program pages (the same labels and texts), unknowns marked "Not published".

   A program here is a record: { id, name, sponsor, href, city, state, type, positions, salary,
   salaryText, img, visas, step2, yog, usce, usceMonths, first, obs, step3, acceptsDo, comlex },
   null wherever the program does not publish a value. `fromJson` makes one from a program of
   `/programs/<specialty>.json`. */
(function (root) {
  "use strict";
  var NP = "Not published";
  var TYPES = {
    university: "University",
    "community-university": "Community, university-affiliated",
    community: "Community",
    military: "Military",
    other: "Other",
  };

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }
  function yesNo(v, yes, no) { return v === null ? null : v ? yes : no; }
  function usceText(it) {
    var m = it.usceMonths;
    if (it.usce === null) return null;
    if (it.usce === "none") return "Not required";
    var word = it.usce === "required" ? "Required" : "Preferred";
    return m ? word + " (" + m + "+ months)" : word;
  }
  /** "$64,200", as the program pages write a salary. */
  function dollars(n) { return "$" + String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  var FACTS = [
    ["ACGME ID", function (it) { return it.id || null; }],
    ["City", function (it) { return it.city + ", " + it.state; }],
    ["Program type", function (it) { return TYPES[it.type] || null; }],
    ["First-year positions", function (it) { return it.positions === null ? null : String(it.positions); }],
    ["PGY-1 salary", function (it) { return it.salary === null ? null : it.salaryText; }],
    ["IMG share", function (it) { return it.img === null ? null : it.img + "%"; }],
    ["Visa sponsorship", function (it) {
      return it.visas === null ? null : it.visas.length ? "Sponsors " + it.visas.join(" and ") : "Does not sponsor visas";
    }],
    ["USMLE Step 2 CK", function (it) { return it.step2 === null ? null : "Minimum score " + it.step2; }],
    ["Years since graduation", function (it) {
      return it.yog === null ? null : "Graduated within the last " + it.yog + " year" + (it.yog === 1 ? "" : "s");
    }],
    ["US clinical experience", usceText],
    ["Exam attempts", function (it) { return yesNo(it.first, "First-attempt passes only", "Exam retakes are considered"); }],
    ["Observerships", function (it) {
      return yesNo(it.obs, "Count as US clinical experience", "Do not count as US clinical experience");
    }],
    ["Step 3 for the H-1B", function (it) {
      return yesNo(it.step3, "Step 3 must be passed for H-1B sponsorship", "Not required for H-1B sponsorship");
    }],
    ["DO graduates", function (it) { return yesNo(it.acceptsDo, "Considered", "Not considered"); }],
    ["COMLEX instead of USMLE", function (it) {
      return yesNo(it.comlex, "Accepted", "Not accepted: USMLE scores required");
    }],
  ];

  function val(v) { return v === undefined ? null : v; }
  /** A compare record from a program of the specialty JSON; `href` is the link to its page. */
  function fromJson(p, href) {
    var r = p.requirements || {};
    return {
      id: p.acgme_id || "", name: p.name, sponsor: val(p.sponsor), href: href,
      city: p.city, state: p.state, type: val(p.program_type),
      positions: val(p.positions_pgy1), salary: val(p.salary_pgy1),
      salaryText: p.salary_pgy1 == null ? null : dollars(p.salary_pgy1),
      img: val(p.pct_img), visas: val(p.visas), step2: val(r.min_step2_ck), yog: val(r.yog_cutoff_years),
      usce: val(r.usce), usceMonths: val(r.usce_min_months), first: val(r.first_attempt_only),
      obs: val(r.observership_as_usce), step3: val(r.step3_for_h1b), acceptsDo: val(r.accepts_do),
      comlex: val(r.accepts_comlex),
    };
  }

  /** A compare view placed after `anchor`; `open(records)` shows it. */
  function create(anchor) {
    var dialog = document.createElement("dialog");
    dialog.className = "compare";
    dialog.setAttribute("aria-labelledby", "compare-title");
    anchor.parentNode.insertBefore(dialog, anchor.nextSibling);
    dialog.addEventListener("click", function (e) {
      if (e.target.closest('[data-action="close"]')) dialog.close();
    });
    function open(picked) {
      if (!picked.length) return;
      var html = '<div class="compare__head"><h2 id="compare-title">Compare ' + picked.length + " program" +
        (picked.length === 1 ? "" : "s") + '</h2><button type="button" class="filters__button" data-action="close">Close</button></div>' +
        '<div class="table-scroll" role="region" aria-labelledby="compare-title" tabindex="0"><table class="data-table compare__table">' +
        '<thead><tr><th scope="col"><span class="visually-hidden">Fact</span></th>';
      picked.forEach(function (it) {
        html += '<th scope="col"><a href="' + esc(it.href) + '">' + esc(it.sponsor || it.name) + "</a>" +
          (it.sponsor ? '<span class="data-table__sub">' + esc(it.name) + "</span>" : "") + "</th>";
      });
      html += "</tr></thead><tbody>";
      FACTS.forEach(function (fact) {
        html += '<tr><th scope="row">' + esc(fact[0]) + "</th>";
        picked.forEach(function (it) {
          var v = fact[1](it);
          html += v === null ? '<td class="is-unknown"><span class="np">' + NP + "</span></td>" : "<td>" + esc(v) + "</td>";
        });
        html += "</tr>";
      });
      dialog.innerHTML = html + "</tbody></table></div>";
      dialog.showModal();
    }
    return { dialog: dialog, open: open };
  }

  root.MatchpressCompare = { FACTS: FACTS, MAX: 4, create: create, fromJson: fromJson };
})(this);
