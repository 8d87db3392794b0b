"use strict";
// The report page: the claims as a chart, every figure in a table, each text
// with its figures and names highlighted. The data is the JSON element
// above, written by `tally report` (src/report/data.rs); rows are arrays
// whose fields these constants name. Lists are paged, so a dataset of
// 100,000 figures draws a page of them at a time.
(function () {
  const DATA = JSON.parse(document.getElementById("data").textContent);
  // A figure: id, document, quote, [value, low, high], [qualifier, unit,
  // measure], [subject, place], [start, end], attributed_to, sentence,
  // [char_start, char_end, byte_start, byte_end, line], [rule, review],
  // review_note, claim, repeats, [start, end] in UTF-16 units.
  const FIG = { id: 0, doc: 1, quote: 2, num: 3, kind: 4, what: 5, period: 6, attr: 7, sentence: 8, pos: 9, rule: 10, note: 11, claim: 12, repeats: 13, at: 14 };
  // A claim: id, label, unit, documents, low, high, spread, note, figures.
  const CLAIM = { id: 0, label: 1, unit: 2, sources: 3, low: 4, high: 5, spread: 6, note: 7, figures: 8 };
  // A document: id, title, publisher, date, text.
  const DOC = { id: 0, title: 1, publisher: 2, date: 3, text: 4 };
  const CLAIMS_PER_PAGE = 20;
  const FIGURES_PER_PAGE = 50;
  const figures = DATA.figures, claims = DATA.claims, docs = DATA.documents;
  const figureById = new Map(figures.map((f, i) => [f[FIG.id], i]));

  function el(tag, attrs, ...children) {
    const node = tag.startsWith("svg:") ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4)) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else if (k === "onclick") node.addEventListener("click", v);
      else if (v !== null && v !== undefined) node.setAttribute(k, v);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }
  const fmt = (n) => (n === null || n === undefined ? "" : Number(n).toLocaleString("en-US", { maximumFractionDigits: 3 }));
  const period = (f) => {
    const [s, e] = f[FIG.period];
    return s === null ? "" : s === e ? String(s) : s + "–" + e;
  };
  const numbers = (f) => f[FIG.num].filter((v) => v !== null);
  const valueText = (f) => {
    const [v, lo, hi] = f[FIG.num];
    if (v !== null) return fmt(v);
    if (lo !== null && hi !== null) return fmt(lo) + "–" + fmt(hi);
    return lo !== null ? "≥ " + fmt(lo) : "≤ " + fmt(hi);
  };
  const docName = (f) => docs[f[FIG.doc]][DOC.id];

  // --- views --------------------------------------------------------------
  const views = ["claims", "figures", "reader"];
  function show(view) {
    for (const v of views) {
      document.getElementById(v).classList.toggle("active", v === view);
      document.getElementById("tab-" + v).classList.toggle("active", v === view);
    }
  }
  function route() {
    const hash = location.hash.slice(1);
    if (hash.startsWith("figure=")) {
      const i = figureById.get(decodeURIComponent(hash.slice(7)));
      if (i !== undefined) return openFigure(i);
    }
    show(views.includes(hash) ? hash : "claims");
  }
  window.addEventListener("hashchange", route);

  function pager(node, page, pages, go) {
    node.replaceChildren(
      el("button", { type: "button", disabled: page <= 0 ? "" : null, onclick: () => go(page - 1) }, "‹ previous"),
      el("span", { text: pages ? "page " + (page + 1) + " of " + pages : "nothing to show" }),
      el("button", { type: "button", disabled: page >= pages - 1 ? "" : null, onclick: () => go(page + 1) }, "next ›"),
    );
  }

  // --- the claims chart ---------------------------------------------------
  const all = figures.flatMap((f) => (f[FIG.claim] === null ? [] : numbers(f))).filter((v) => v > 0);
  const logMin = Math.floor(Math.log10(all.length ? Math.min(...all) : 1));
  const logMax = Math.max(logMin + 1, Math.ceil(Math.log10(all.length ? Math.max(...all) : 10)));
  const LEFT = 310, RIGHT = 860, ROW = 18;
  const x = (v) => LEFT + ((Math.log10(Math.max(v, Math.pow(10, logMin))) - logMin) / (logMax - logMin)) * (RIGHT - LEFT);
  let claimsPage = 0;

  function claimRow(c) {
    const members = c[CLAIM.figures];
    const height = 22 + ROW * members.length;
    const svg = el("svg:svg", { viewBox: "0 0 900 " + height, role: "img", "aria-label": c[CLAIM.label] });
    const axis = el("svg:g", { class: "axis" });
    for (let p = logMin; p <= logMax; p++) {
      axis.append(el("svg:line", { x1: x(10 ** p), x2: x(10 ** p), y1: 0, y2: height - 14 }));
      axis.append(el("svg:text", { x: x(10 ** p), y: height - 2, "text-anchor": "middle", text: fmt(10 ** p) }));
    }
    svg.append(axis);
    members.forEach((i, row) => {
      const f = figures[i];
      const [v, lo, hi] = f[FIG.num];
      const y = 12 + row * ROW;
      const who = docName(f) + (f[FIG.attr] ? " · " + f[FIG.attr] : "");
      const g = el("svg:g", { class: "point" + (f[FIG.repeats] ? " repeat" : ""), "data-figure": f[FIG.id], onclick: () => openFigure(i) });
      g.append(el("svg:title", { text: who + ": " + f[FIG.quote] + (f[FIG.repeats] ? " (repeats " + f[FIG.repeats] + ")" : "") }));
      g.append(el("svg:text", { x: 0, y: y + 4, text: who.length > 46 ? who.slice(0, 45) + "…" : who }));
      if (lo !== null && hi !== null) g.append(el("svg:line", { x1: x(lo), x2: x(hi), y1: y, y2: y }));
      else if (lo !== null && v === null) g.append(el("svg:path", { d: "M" + x(lo) + "," + y + " h 24 m -6,-5 l 6,5 l -6,5" }));
      else if (hi !== null && v === null) g.append(el("svg:path", { d: "M" + x(hi) + "," + y + " h -24 m 6,-5 l -6,5 l 6,5" }));
      const at = v !== null ? v : lo !== null ? lo : hi;
      g.append(el("svg:circle", { cx: x(at), cy: y, r: 5 }));
      const openEnd = hi === null && lo !== null;
      if (v !== null && openEnd) g.append(el("svg:path", { d: "M" + x(v) + "," + y + " h 24 m -6,-5 l 6,5 l -6,5" }));
      // The quote beside the mark: after it, or before it near the right edge.
      const end = x(hi !== null ? hi : at) + (openEnd ? 32 : 10);
      const start = x(lo !== null && hi === null && v === null ? lo : Math.min(at, lo === null ? at : lo)) - 10;
      const after = end + 7 * f[FIG.quote].length < 900;
      g.append(el("svg:text", { x: after ? end : start, y: y + 4, "text-anchor": after ? "start" : "end", text: f[FIG.quote] }));
      svg.append(g);
    });
    const range = c[CLAIM.low] === null ? "" : fmt(c[CLAIM.low]) + (c[CLAIM.high] !== c[CLAIM.low] ? "–" + fmt(c[CLAIM.high]) : "");
    const meta = el("span", { class: "claim-meta" },
      c[CLAIM.sources] + (c[CLAIM.sources] === 1 ? " document · " : " documents · ") + members.length + " figures · " + range + (c[CLAIM.unit] === "person" ? "" : " " + c[CLAIM.unit]) + " · ",
      el("span", { class: "spread", text: c[CLAIM.spread] === null ? "spread –" : "spread ×" + fmt(c[CLAIM.spread]) }));
    return el("div", { class: "claim-row", "data-claim": c[CLAIM.id] },
      el("div", { class: "claim-head" }, el("span", { class: "claim-label", text: c[CLAIM.label] }), meta),
      c[CLAIM.note] ? el("div", { class: "help", text: "curator: " + c[CLAIM.note] }) : null,
      svg);
  }

  function drawClaims() {
    const needle = document.getElementById("claims-filter").value.trim().toLowerCase();
    const several = document.getElementById("claims-several").checked;
    const shown = claims.filter((c) => (!several || c[CLAIM.sources] > 1) && (!needle || c[CLAIM.label].toLowerCase().includes(needle)));
    const pages = Math.ceil(shown.length / CLAIMS_PER_PAGE);
    claimsPage = Math.max(0, Math.min(claimsPage, pages - 1));
    document.getElementById("claims-count").textContent = shown.length + " of " + claims.length + " claims";
    const from = claimsPage * CLAIMS_PER_PAGE;
    document.getElementById("claims-chart").replaceChildren(...shown.slice(from, from + CLAIMS_PER_PAGE).map(claimRow));
    pager(document.getElementById("claims-pager"), claimsPage, pages, (p) => { claimsPage = p; drawClaims(); });
  }
  document.getElementById("claims-filter").addEventListener("input", () => { claimsPage = 0; drawClaims(); });
  document.getElementById("claims-several").addEventListener("change", () => { claimsPage = 0; drawClaims(); });

  // --- the figures table --------------------------------------------------
  const SORT_KEYS = {
    quote: (f) => f[FIG.quote].toLowerCase(),
    value: (f) => { const n = numbers(f); return n.length ? n[0] : -Infinity; },
    measure: (f) => f[FIG.kind][2],
    unit: (f) => f[FIG.kind][1],
    place: (f) => f[FIG.what][1] || "",
    period: (f) => (f[FIG.period][0] === null ? Infinity : f[FIG.period][0]),
    doc: (f) => docName(f),
    attributed: (f) => f[FIG.attr] || "",
    review: (f) => f[FIG.rule][1],
    claim: (f) => (f[FIG.claim] === null ? "" : claims[f[FIG.claim]][CLAIM.label]),
  };
  let sortKey = null, sortDir = 1, figuresPage = 0;
  const filters = {};
  for (const node of document.querySelectorAll("#figures-filters [data-filter]")) filters[node.dataset.filter] = node;
  const choices = { measure: (f) => f[FIG.kind][2], unit: (f) => f[FIG.kind][1], doc: docName, review: (f) => f[FIG.rule][1] };
  for (const [name, pick] of Object.entries(choices)) {
    const values = [...new Set(figures.map(pick))].sort();
    filters[name].replaceChildren(el("option", { value: "", text: "all" }), ...values.map((v) => el("option", { value: v, text: v })));
  }

  function drawFigures() {
    const want = Object.fromEntries(Object.entries(filters).map(([k, n]) => [k, n.value.trim().toLowerCase()]));
    const year = parseInt(want.year, 10);
    let shown = [];
    for (let i = 0; i < figures.length; i++) {
      const f = figures[i];
      if (want.measure && f[FIG.kind][2] !== want.measure) continue;
      if (want.unit && f[FIG.kind][1].toLowerCase() !== want.unit) continue;
      if (want.doc && docName(f) !== want.doc) continue;
      if (want.review && f[FIG.rule][1] !== want.review) continue;
      if (want.place && !(f[FIG.what][1] || "").toLowerCase().includes(want.place)) continue;
      if (!isNaN(year) && !(f[FIG.period][0] !== null && f[FIG.period][0] <= year && year <= f[FIG.period][1])) continue;
      if (want.text && !(f[FIG.quote].toLowerCase().includes(want.text) || DATA.sentences[f[FIG.sentence]].toLowerCase().includes(want.text))) continue;
      shown.push(i);
    }
    if (sortKey) {
      const key = SORT_KEYS[sortKey];
      shown = shown.map((i) => [key(figures[i]), i]).sort((a, b) => (a[0] < b[0] ? -sortDir : a[0] > b[0] ? sortDir : a[1] - b[1])).map((p) => p[1]);
    }
    const pages = Math.ceil(shown.length / FIGURES_PER_PAGE);
    figuresPage = Math.max(0, Math.min(figuresPage, pages - 1));
    document.getElementById("figures-count").textContent = shown.length + " of " + figures.length + " figures";
    const from = figuresPage * FIGURES_PER_PAGE;
    const rows = shown.slice(from, from + FIGURES_PER_PAGE).map((i) => {
      const f = figures[i];
      const claim = f[FIG.claim] === null ? "" : claims[f[FIG.claim]][CLAIM.label];
      return el("tr", { "data-figure": f[FIG.id], onclick: () => openFigure(i) },
        el("td", { text: f[FIG.quote] }), el("td", { text: valueText(f) }), el("td", { text: f[FIG.kind][2] }),
        el("td", { text: f[FIG.kind][1] }), el("td", { text: f[FIG.what][1] || "" }), el("td", { text: period(f) }),
        el("td", { text: docName(f) }), el("td", { text: f[FIG.attr] || "" }), el("td", { text: f[FIG.rule][1] }), el("td", { text: claim }));
    });
    document.querySelector("#figures-table tbody").replaceChildren(...rows);
    pager(document.getElementById("figures-pager"), figuresPage, pages, (p) => { figuresPage = p; drawFigures(); });
  }
  for (const node of Object.values(filters)) node.addEventListener(node.tagName === "SELECT" ? "change" : "input", () => { figuresPage = 0; drawFigures(); });
  for (const th of document.querySelectorAll("#figures-table th")) {
    th.addEventListener("click", () => {
      sortDir = sortKey === th.dataset.sort ? -sortDir : 1;
      sortKey = th.dataset.sort;
      for (const other of document.querySelectorAll("#figures-table th")) other.className = other === th ? (sortDir > 0 ? "asc" : "desc") : "";
      drawFigures();
    });
  }

  // --- the reader ---------------------------------------------------------
  const readerDoc = document.getElementById("reader-doc");
  readerDoc.replaceChildren(...docs.map((d, i) => el("option", { value: i, text: d[DOC.id] + (d[DOC.title] ? " — " + d[DOC.title] : "") })));
  const figuresOf = docs.map(() => []);
  figures.forEach((f, i) => figuresOf[f[FIG.doc]].push(i));
  const mentionsOf = docs.map(() => []);
  for (const m of DATA.mentions) mentionsOf[m[0]].push(m);
  let shownDoc = -1;

  function drawText(doc) {
    if (doc === shownDoc) return;
    shownDoc = doc;
    readerDoc.value = String(doc);
    const text = docs[doc][DOC.text];
    const node = document.getElementById("reader-text");
    if (text === null) {
      node.replaceChildren(el("p", { class: "help", text: "The text is not available (its raw file was missing or changed when the page was made); its figures are in the table." }));
      return;
    }
    const spans = figuresOf[doc].map((i) => [figures[i][FIG.at][0], figures[i][FIG.at][1], 0, i])
      .concat(mentionsOf[doc].map((m) => [m[1], m[2], 1, m[3]]))
      .sort((a, b) => a[0] - b[0] || a[2] - b[2] || b[1] - a[1]);
    const out = document.createDocumentFragment();
    let cursor = 0;
    for (const [start, end, kind, i] of spans) {
      if (start < cursor) continue;
      out.append(text.slice(cursor, start));
      if (kind === 0) {
        out.append(el("mark", { class: "fig", "data-figure": figures[i][FIG.id], title: figures[i][FIG.kind][2] + " · " + valueText(figures[i]), onclick: () => openFigure(i) }, text.slice(start, end)));
      } else {
        const entity = DATA.entities[i];
        out.append(el("mark", { class: "men", title: entity[2] + ": " + entity[1] }, text.slice(start, end)));
      }
      cursor = end;
    }
    out.append(text.slice(cursor));
    node.replaceChildren(out);
  }
  readerDoc.addEventListener("change", () => drawText(Number(readerDoc.value)));

  function link(i) {
    return el("a", { href: "#figure=" + encodeURIComponent(figures[i][FIG.id]) }, figures[i][FIG.quote]);
  }

  function openFigure(i) {
    const f = figures[i];
    show("reader");
    drawText(f[FIG.doc]);
    for (const m of document.querySelectorAll("mark.fig.selected")) m.classList.remove("selected");
    const mark = document.querySelector('mark.fig[data-figure="' + f[FIG.id] + '"]');
    if (mark) {
      mark.classList.add("selected");
      mark.scrollIntoView({ block: "center" });
    }
    const [cs, ce, bs, be, line] = f[FIG.pos];
    const rows = [
      ["quote", f[FIG.quote]],
      ["value", valueText(f) + " (" + f[FIG.kind][0] + ")"],
      ["counts", f[FIG.kind][2] + ", " + f[FIG.kind][1] + (f[FIG.what][0] ? ": " + f[FIG.what][0] : "")],
      ["place", f[FIG.what][1] || "–"],
      ["period", period(f) || "–"],
      ["attributed to", f[FIG.attr] || "–"],
      ["sentence", DATA.sentences[f[FIG.sentence]]],
      ["document", docName(f) + (docs[f[FIG.doc]][DOC.publisher] ? " (" + docs[f[FIG.doc]][DOC.publisher] + ")" : "")],
      ["offsets", "characters " + cs + "–" + ce + ", bytes " + bs + "–" + be + ", line " + line],
      ["rule", f[FIG.rule][0]],
      ["review", f[FIG.rule][1] + (f[FIG.note] ? ": " + f[FIG.note] : "")],
      ["figure id", f[FIG.id]],
    ];
    const list = el("dl", {});
    for (const [term, text] of rows) list.append(el("dt", { text: term }), el("dd", { text: text }));
    if (f[FIG.repeats] && figureById.has(f[FIG.repeats])) list.append(el("dt", { text: "repeats" }), el("dd", {}, link(figureById.get(f[FIG.repeats]))));
    const panel = document.getElementById("provenance");
    panel.replaceChildren(el("h2", { text: f[FIG.quote] }), list);
    if (f[FIG.claim] !== null) {
      const c = claims[f[FIG.claim]];
      const others = c[CLAIM.figures].filter((j) => j !== i);
      panel.append(el("h3", { text: "The same question: " + c[CLAIM.label] }),
        el("p", { class: "help", text: c[CLAIM.sources] + " documents · spread " + (c[CLAIM.spread] === null ? "–" : "×" + fmt(c[CLAIM.spread])) }));
      panel.append(others.length
        ? el("ul", { class: "answers" }, ...others.map((j) => el("li", {}, docName(figures[j]) + (figures[j][FIG.attr] ? " · " + figures[j][FIG.attr] : "") + ": ", link(j), " (" + valueText(figures[j]) + ")")))
        : el("p", { class: "help", text: "No other source answers it." }));
    }
  }

  drawClaims();
  drawFigures();
  if (docs.length) drawText(0);
  route();
})();
