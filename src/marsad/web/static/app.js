// Marsad dashboard: plain DOM, no build step, no external hosts.
// Every piece of data (article text, titles, names, URLs) reaches the page
// through textContent or a checked attribute, never as markup, so an article
// containing <script> or onerror= stays text.  The Content-Security-Policy
// forbids inline scripts and style attributes; styling is done with classes
// and SVG presentation attributes.
"use strict";

(function () {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const PAGE = 50;
  const DEFAULT_VIEW = { west: 34.0, south: 29.0, east: 43.5, north: 38.5 }; // the Levant

  // PLOVER types get fixed colours so a type keeps its colour across pages.
  const TYPE_COLOURS = {
    assault: "#c0392b", attack: "#c0392b", coerce: "#e67e22", threaten: "#d35400",
    protest: "#8e44ad", mobilize: "#9b59b6", sanction: "#7f8c8d", accuse: "#f1c40f",
    reject: "#b7950b", request: "#16a085", consult: "#2980b9", agree: "#27ae60",
    support: "#2ecc71", cooperate: "#1abc9c", aid: "#3498db", concede: "#5dade2",
    retreat: "#95a5a6", other: "#34495e", mentioned: "#5d6d7e",
  };
  const EXTRA_COLOURS = ["#6c3483", "#117864", "#b03a2e", "#1f618d", "#7d6608", "#515a5a"];

  function typeColour(type) {
    const key = String(type || "other").toLowerCase();
    if (TYPE_COLOURS[key]) return TYPE_COLOURS[key];
    let hash = 0;
    for (const ch of key) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
    return EXTRA_COLOURS[hash % EXTRA_COLOURS.length];
  }

  // ---- small DOM helpers ------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key.startsWith("data-")) node.setAttribute(key, String(value));
      else if (["href", "title", "dir", "lang", "id", "colspan", "type", "value", "hidden"].includes(key)) {
        node.setAttribute(key, String(value));
      } else throw new Error("el: attribute not allowed: " + key);
    }
    for (const child of children) appendChild(node, child);
    return node;
  }

  function appendChild(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach((c) => appendChild(node, c));
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  const $ = (id) => document.getElementById(id);

  // ---- bidi isolation ---------------------------------------------------------
  // Text from articles (titles, sources, URLs, names) may carry bidi controls: a
  // U+202E in a URL would otherwise reorder what follows it, so one site could
  // display as another.  Every such string goes in its own isolated element
  // (<bdi>, or an element with a dir attribute; style.css makes both isolate),
  // and in plain-text places (tooltips, SVG labels) between FSI and PDI.
  function bdi(value, attrs) {
    return el("bdi", attrs || {}, value === null || value === undefined ? "" : String(value));
  }

  function isolated(value) {
    return "\u2068" + String(value === null || value === undefined ? "" : value) + "\u2069";
  }

  // A URL never needs bidi controls: they are shown as visible marks (⟨U+202E⟩), so
  // the address reads in the order its characters really have.
  const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  function showControls(value) {
    return String(value).replace(BIDI_CONTROLS, (c) => "⟨U+" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") + "⟩");
  }

  function hashLink(path, params) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v) query.set(k, v);
    const qs = query.toString();
    return "#" + path + (qs ? "?" + qs : "");
  }

  function docLink(id, label) {
    return el("a", { href: hashLink("/doc/" + encodeURIComponent(id)), class: "doc-link", dir: "auto" }, label || id);
  }

  function placeLink(place) {
    if (!place) return "—";
    const key = place.id || place.name;
    if (!key) return "—";
    return el("a", { href: hashLink("/place/" + encodeURIComponent(key)), dir: "auto" }, place.name || key);
  }

  function entityLink(name, type) {
    if (!name) return "—";
    return el("a", { href: hashLink("/entity/" + encodeURIComponent(name), { type: type }), dir: "auto" }, name);
  }

  // Only http(s) URLs become links; anything else (javascript:, data:) is shown as text.
  function safeUrl(value) {
    if (typeof value !== "string" || !value) return null;
    try {
      const url = new URL(value, window.location.origin);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function externalLink(value) {
    const href = safeUrl(value);
    if (!href) return el("span", { class: "url-text", dir: "ltr" }, showControls(value || ""));
    const a = el("a", { href: href, class: "external", dir: "ltr" }, showControls(value));
    a.rel = "noopener noreferrer nofollow";
    a.target = "_blank";
    return a;
  }

  function showMessage(text) {
    const box = $("message");
    box.textContent = text || "";
    box.hidden = !text;
  }

  async function api(path, params) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) query.set(k, v);
    const qs = query.toString();
    const response = await fetch("/api/" + path + (qs ? "?" + qs : ""), { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const message = body && body.error ? body.error.message : response.statusText;
      const err = new Error(message);
      err.status = response.status;
      err.details = body && body.error ? body.error.details : null;
      throw err;
    }
    return body;
  }

  // A write (a review): JSON in, JSON out, the token as the bearer header (never in the URL).
  async function apiPost(path, payload, token) {
    const response = await fetch("/api/" + path, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json", Authorization: "Bearer " + token },
      body: JSON.stringify(payload),
      credentials: "omit",
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const err = new Error(body && body.error ? body.error.message : response.statusText || String(response.status));
      err.status = response.status;
      err.code = body && body.error ? body.error.code : "";
      err.details = body && body.error ? body.error.details : null;
      throw err;
    }
    return body;
  }

  function nameOf(part) {
    if (!part || typeof part !== "object") return null;
    return part.canonical || part.name || part.text || null;
  }

  const PRECISION_LABEL = { day: "يوم", month: "شهر", year: "سنة" };

  // ---- views ------------------------------------------------------------------
  function showView(name) {
    for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== "view-" + name;
  }

  let statsCache = null;
  async function loadStats() {
    try {
      statsCache = await api("stats");
    } catch (e) {
      statsCache = null;
    }
    const s = statsCache;
    $("stats").textContent = s
      ? `${s.documents} مقال · ${s.events} حدث · ${s.places} مكان · ${s.entities} كيان · ${s.repairs} إصلاح`
      : "";
    if (s) {
      fillSelect($("f-type"), Object.keys(s.events_by_type || {}));
      fillSelect($("f-status"), Object.keys(s.events_by_status || {}));
    }
  }

  function fillSelect(select, values) {
    const keep = select.value;
    while (select.options.length > 1) select.remove(1);
    for (const v of values) select.appendChild(el("option", { value: v }, v));
    select.value = keep;
  }

  // ---- dashboard: filters, map, timeline, table ---------------------------------
  // ingested_since: the articles stored since that day (what is new since a last look), not the event's date.
  const FILTER_NAMES = ["type", "status", "actor", "claimed_by", "place", "country", "source", "since", "until", "ingested_since", "min_confidence", "min_outlets"];
  const EXPORTS = { csv: "CSV", jsonl: "JSON Lines", parquet: "Parquet" };

  // The filled fields of a filter form, by name (an empty field filters nothing).
  function formValues(formId, names) {
    const form = $(formId);
    const out = {};
    for (const name of names) {
      const value = form.elements[name].value.trim();
      if (value) out[name] = value;
    }
    return out;
  }

  function filtersFromForm() {
    return formValues("filters", FILTER_NAMES);
  }

  function filtersToForm(params) {
    const form = $("filters");
    for (const name of ["type", "status", "source"]) {
      // A value from the address that no facet lists yet still shows as chosen.
      const select = form.elements[name];
      const value = params.get(name) || "";
      if (value && ![...select.options].some((o) => o.value === value)) select.appendChild(el("option", { value: value }, value));
    }
    for (const name of FILTER_NAMES) form.elements[name].value = params.get(name) || "";
  }

  // The export links carry the filters of the view: the file holds every event the table pages through.
  function updateExports(filters) {
    const query = new URLSearchParams(filters).toString();
    for (const format of Object.keys(EXPORTS)) {
      $("export-" + format).setAttribute("href", `/api/events.${format}` + (query ? "?" + query : ""));
    }
  }

  // claimed_by: the most frequent claim sources ("according to whom"); a chip filters on that claimant.
  const FACET_LABELS = { type: "النوع", status: "الحالة", country: "البلد", source: "الوسيلة", claimed_by: "بحسب" };

  // Counts per facet value; a click filters on that value (or clears it when chosen already).
  function drawFacets(facets, filters) {
    const box = $("facets");
    clear(box);
    for (const name of Object.keys(FACET_LABELS)) {
      const values = facets[name] || [];
      const group = el("div", { class: "facet", "data-facet": name }, el("span", { class: "facet-name" }, FACET_LABELS[name]));
      for (const f of values.slice(0, 12)) {
        const chosen = String(filters[name] || "").toUpperCase() === String(f.value).toUpperCase();
        const next = { ...filters };
        if (chosen) delete next[name]; else next[name] = f.value;
        group.appendChild(el("a", { href: hashLink("/", next), class: "chip" + (chosen ? " chosen" : ""), "data-value": f.value, "data-count": f.count },
          bdi(f.value), el("span", { class: "chip-count" }, String(f.count))));
      }
      if (!values.length) group.appendChild(el("span", { class: "facet-none" }, "—"));
      box.appendChild(group);
    }
    for (const name of ["type", "status", "source"]) {
      const select = $("f-" + name);
      const keep = filters[name] || "";
      while (select.options.length > 1) select.remove(1);
      for (const f of facets[name] || []) select.appendChild(el("option", { value: f.value }, `${f.value} (${f.count})`));
      if (keep && ![...select.options].some((o) => o.value === keep)) select.appendChild(el("option", { value: keep }, keep));
      select.value = keep;
    }
  }

  // Each route() is one run; a view drawn from answers of an older run would show filters the
  // address no longer has (a quick reset then a filter: the slower, unfiltered answers came last
  // and replaced the filtered table).  A view checks it is still the current run before drawing.
  let routeRun = 0;

  async function showDashboard(params) {
    const run = routeRun;
    showView("dashboard");
    filtersToForm(params);
    const filters = {};
    for (const name of FILTER_NAMES) if (params.get(name)) filters[name] = params.get(name);
    updateExports(filters);
    const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    try {
      const [summary, events, timeline, facets] = await Promise.all([
        api("events/summary", filters),
        api("events", { ...filters, limit: PAGE, offset: offset }),
        api("events/timeline", filters),
        api("events/facets", filters),
      ]);
      if (run !== routeRun) return;
      $("view-dashboard").classList.remove("refused");
      drawFacets(facets, filters);
      const points = await mapSummary(filters, summary);
      if (run !== routeRun) return;
      await drawMap(points);
      showTimeline(timeline);
      tableState.items = events.items;
      fillEventsTable($("events-table"), sortedItems(events.items), true);
      $("events-count").textContent = `(${events.total} تقرير)`;
      drawPager($("events-pager"), "/", { ...filters }, offset, events.total);
      showMessage(events.total ? "" : "لا أحداث مطابقة لهذه المرشحات.");
    } catch (e) {
      if (run !== routeRun) return;
      // The map, timeline, counts and table still show the previous answer: under a refused filter
      // they would read as its results.  Only the filters stay, with the reason right under them.
      $("view-dashboard").classList.add("refused");
      showMessage("تعذر تحميل الأحداث: " + errorText(e));
    }
  }

  function drawPager(box, path, params, offset, total) {
    clear(box);
    if (total <= PAGE) return;
    if (offset > 0) box.appendChild(el("a", { href: hashLink(path, { ...params, offset: String(Math.max(0, offset - PAGE)) }) }, "السابق"));
    box.appendChild(el("span", {}, ` ${offset + 1}–${Math.min(total, offset + PAGE)} / ${total} `));
    if (offset + PAGE < total) box.appendChild(el("a", { href: hashLink(path, { ...params, offset: String(offset + PAGE) }) }, "التالي"));
  }

  // The trigger model's probability as a small badge; rule-only events have none.
  function confidenceBadge(value) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return el("span", { class: "confidence confidence-none", title: "بلا تقدير من النموذج (قاعدة)", "data-confidence": "" }, "—");
    }
    const level = value >= 0.8 ? "high" : value >= 0.5 ? "mid" : "low";
    return el("span", { class: "confidence confidence-" + level, dir: "ltr", title: "ثقة النموذج", "data-confidence": value }, value.toFixed(2));
  }

  // A role or speaker's name, with the model's confidence in it when the learned models chose it.
  function scoredName(part) {
    const name = nameOf(part);
    if (!name) return null;
    return typeof part.confidence === "number" ? [bdi(name), confidenceBadge(part.confidence)] : bdi(name);
  }

  // How often the article mentions the event (its trigger plus the merged re-mentions); shown when more than once.
  // How many outlets tell the act (round 37: the event's corroboration group), shown from two.
  function outletsBadge(ev) {
    const count = ev.outlets;
    if (!Number.isInteger(count) || count < 2) return null;
    return el("span", { class: "told-by", title: `رواه ${count} وسائل بصياغاتها (مقالات مختلفة عن الفعل نفسه)`, "data-outlets": count }, `${count} وسائل`);
  }

  // The reports of the act by other articles (its corroboration group), each outlet with its article;
  // the copies of its own story are listed above (reported_by), not again.  Returns how many it lists.
  function toldByList(box, detail) {
    clear(box);
    const group = detail.told_by;
    const reports = (group && group.reports) || [];
    const story = new Set((detail.reported_by || []).map((r) => r.document_id));
    for (const r of reports) {
      if (r.document === detail.document_id || story.has(r.document)) continue;
      box.appendChild(el("li", { "data-outlet": r.outlet || "" }, bdi(r.outlet || "—"), " · ",
        docLink(r.document, r.title || r.document), r.event_date ? [" · ", el("span", { dir: "ltr" }, r.event_date)] : "",
        r.claim_source ? [" · بحسب ", bdi(r.claim_source)] : ""));
    }
    const listed = box.children.length;
    if (!listed) box.appendChild(el("li", { class: "none" }, "—"));
    box.setAttribute("data-outlets", group ? String(group.outlets) : "1");
    return listed;
  }

  function mentionsBadge(count) {
    if (!Number.isInteger(count) || count < 2) return null;
    return el("span", { class: "mentions", title: `ذُكر الحدث ${count} مرات في المقال`, "data-mentions": count }, `×${count}`);
  }

  // An event's date at its precision: the day, or "2019-12" / "2019" for a month or a year
  // the article names; without one, the article's publication day, marked as such.
  function eventDate(ev) {
    if (typeof ev.date === "string" && /^\d{4}(-\d{2}(-\d{2})?)?/.test(ev.date)) {
      const date = ev.date.slice(0, 10);
      const precision = date.length === 10 ? "day" : date.length === 7 ? "month" : "year";
      return { text: date, precision: precision, key: date };
    }
    const published = typeof ev.published === "string" ? ev.published.slice(0, 10) : "";
    return { text: published, precision: published ? "published" : "none", key: published };
  }

  function dateCell(ev) {
    const d = eventDate(ev);
    const cell = el("td", { class: "date-cell", "data-precision": d.precision, "data-sort": d.key });
    if (!d.text) { cell.appendChild(el("span", {}, "—")); return cell; }
    cell.appendChild(el("span", { dir: "ltr", class: "date" }, d.text));
    if (d.precision === "month" || d.precision === "year") cell.appendChild(el("span", { class: "precision" }, PRECISION_LABEL[d.precision]));
    if (d.precision === "published") cell.appendChild(el("span", { class: "precision", title: "لا تاريخ للحدث في المقال: هذا يوم نشره" }, "نشر"));
    return cell;
  }

  const EVENT_COLUMNS = [
    { key: "date", label: "التاريخ", value: (ev) => eventDate(ev).key },
    { key: "type", label: "النوع", value: (ev) => ev.type || "" },
    { key: "status", label: "الحالة", value: (ev) => ev.status || "" },
    { key: "confidence", label: "الثقة", value: (ev) => (typeof ev.confidence === "number" ? ev.confidence : -1) },
    { key: "actor", label: "الفاعل", value: (ev) => ev.actor_name || "" },
    { key: "target", label: "الهدف", value: (ev) => ev.target_name || "" },
    { key: "place", label: "المكان", value: (ev) => (ev.place && (ev.place.name || ev.place.id)) || "", wide: true },
    { key: "source", label: "المصدر", value: (ev) => ev.source_name || "", wide: true },
    { key: "outlet", label: "الوسيلة", value: (ev) => ev.outlet || "", wide: true },
    { key: "title", label: "المقال", value: (ev) => ev.title || ev.document_id || "" },
    { key: "review", label: "المراجعة", value: (ev) => (ev.reviewed ? ev.verdict || "edited" : "") },
  ];

  function statusBadge(status, label) {
    return el("span", { class: "status status-" + String(status).replace(/[^a-z]/g, "") }, label);
  }

  // The statuses the event's other mentions give (round 35: a claim and the denial merged into it), each
  // a smaller badge after the event's own; nothing when every mention says the same.
  function otherStatuses(ev) {
    const others = (Array.isArray(ev.statuses) ? ev.statuses : []).filter((s) => typeof s === "string" && s !== ev.status);
    if (!others.length) return null;
    return el("span", { class: "other-statuses", title: "حالات الذكر الأخرى للحدث في المقال" },
      ...others.map((s) => statusBadge(s, s)));
  }

  // Each merged re-mention as the article words it, with its own status and source (round 35).
  function mentionFacts(mentions) {
    const said = (Array.isArray(mentions) ? mentions : []).filter((m) => m && typeof m.status === "string");
    if (!said.length) return null;
    return said.flatMap((m, n) => {
      const source = m.source && (m.source.canonical || m.source.text);
      const item = el("span", { class: "mention-said", "data-start": String(m.start), "data-end": String(m.end) },
        bdi(m.text || ""), " ", statusBadge(m.status, m.status), source ? [" ← ", bdi(source)] : []);
      return n ? ["، ", item] : [item];
    });
  }

  function eventRow(ev, withPlace) {
    const row = el("tr", { "data-type": ev.type || "", "data-status": ev.status || "" });
    const cells = {};
    cells.date = dateCell(ev);
    cells.type = el("td", {}, el("span", { class: "swatch", "data-type": ev.type || "" }), bdi(ev.type || "—"));
    cells.type.firstChild.style.backgroundColor = typeColour(ev.type);
    cells.status = el("td", {}, statusBadge(ev.status || "unknown", ev.status || "—"), otherStatuses(ev));
    cells.confidence = el("td", { class: "confidence-cell" }, confidenceBadge(ev.confidence));
    cells.actor = el("td", {}, entityLink(ev.actor_name));
    cells.target = el("td", {}, entityLink(ev.target_name));
    cells.place = el("td", {}, placeLink(ev.place));
    cells.source = el("td", {}, bdi(ev.source_name || "—"));
    cells.outlet = el("td", {}, bdi(ev.outlet || "—"), outletsBadge(ev));
    const link = el("a", { href: hashLink("/doc/" + encodeURIComponent(ev.document_id), { event: Number.isInteger(ev.index) ? String(ev.index) : "" }), class: "doc-link", dir: "auto" }, ev.title || ev.document_id);
    cells.title = el("td", { class: "title-cell" }, link, mentionsBadge(ev.mentions));
    const open = el("button", { type: "button", class: "review-open", title: "صحّح أو احكم على هذا الحدث" }, "مراجعة");
    open.addEventListener("click", () => openReview(ev.document_id, ev.id || (Number.isInteger(ev.index) ? "i" + ev.index : "")));
    cells.review = el("td", { class: "review-cell" }, reviewBadge(ev), open);
    if (ev.reviewed) row.classList.add("reviewed");
    row.setAttribute("data-doc", ev.document_id || "");
    row.setAttribute("data-id", ev.id || "");
    for (const column of EVENT_COLUMNS) {
      if (column.wide && !withPlace) continue;
      // The column's name on each cell: the phone layout shows rows as cards labelled with it.
      cells[column.key].setAttribute("data-label", column.label);
      cells[column.key].setAttribute("data-column", column.key);
      row.appendChild(cells[column.key]);
    }
    return row;
  }

  // Sorting the page shown, by a column (a click on its header; a second click reverses).
  const tableState = { items: [], sort: null, descending: false };

  function sortedItems(items) {
    const column = EVENT_COLUMNS.find((c) => c.key === tableState.sort);
    if (!column) return items;
    const sign = tableState.descending ? -1 : 1;
    return [...items].sort((a, b) => {
      const x = column.value(a), y = column.value(b);
      // Empty values go last whichever the direction.
      if (x === "" || y === "") return x === y ? 0 : x === "" ? 1 : -1;
      return sign * (typeof x === "number" ? x - y : String(x).localeCompare(String(y), "ar"));
    });
  }

  function drawTableHead(table, withPlace, sortable) {
    const row = table.tHead.rows[0];
    clear(row);
    for (const column of EVENT_COLUMNS) {
      if (column.wide && !withPlace) continue;
      const th = el("th", { "data-column": column.key });
      if (sortable) {
        const state = tableState.sort === column.key ? (tableState.descending ? "descending" : "ascending") : "none";
        th.setAttribute("aria-sort", state);
        const button = el("button", { type: "button", class: "sort", "data-column": column.key }, column.label,
          el("span", { class: "sort-mark" }, state === "ascending" ? " ▲" : state === "descending" ? " ▼" : ""));
        button.addEventListener("click", () => {
          tableState.descending = tableState.sort === column.key ? !tableState.descending : false;
          tableState.sort = column.key;
          fillEventsTable(table, sortedItems(tableState.items), withPlace, true);
        });
        th.appendChild(button);
      } else th.textContent = column.label;
      row.appendChild(th);
    }
  }

  function fillEventsTable(table, items, withPlace, sortable) {
    drawTableHead(table, withPlace, sortable !== false && table.id === "events-table");
    const body = table.tBodies[0];
    clear(body);
    for (const ev of items) body.appendChild(eventRow(ev, withPlace));
  }

  // The base map: an equirectangular projection scaled by cos(latitude) at the
  // centre of the view, which keeps the Levant's shapes right at this zoom.
  let worldCache = null;
  async function loadWorld() {
    if (worldCache) return worldCache;
    if (typeof topojson === "undefined") return null;
    const response = await fetch("/static/vendor/world-atlas/countries-50m.json");
    const topo = await response.json();
    worldCache = topojson.feature(topo, topo.objects.countries).features;
    return worldCache;
  }

  function ringPath(ring, project) {
    let d = "";
    ring.forEach((pt, i) => {
      const [x, y] = project(pt[0], pt[1]);
      d += (i ? "L" : "M") + x.toFixed(3) + "," + y.toFixed(3);
    });
    return d + "Z";
  }

  function featurePath(geometry, project) {
    if (!geometry) return "";
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    return polygons.map((poly) => poly.map((ring) => ringPath(ring, project)).join("")).join("");
  }

  function bboxIntersects(geometry, view) {
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    for (const poly of polygons) for (const [lon, lat] of poly[0]) {
      if (lon >= view.west - 15 && lon <= view.east + 15 && lat >= view.south - 15 && lat <= view.north + 15) return true;
    }
    return false;
  }

  // The weighted median of the event places, where most of the reporting is.
  function weightedMedian(places, key) {
    const sorted = [...places].sort((a, b) => a[key] - b[key]);
    const half = sorted.reduce((n, p) => n + p.count, 0) / 2;
    let seen = 0;
    for (const p of sorted) {
      seen += p.count;
      if (seen >= half) return p[key];
    }
    return sorted[sorted.length - 1][key];
  }

  // Zoom to the region most events are in (country-level points far away, such as
  // a statement by a distant government, would otherwise zoom out to the world);
  // "all places" widens the view to every marker.
  function viewFor(places, everything) {
    if (!places.length) return { ...DEFAULT_VIEW };
    let shown = places;
    if (!everything) {
      const cx = weightedMedian(places, "lon"), cy = weightedMedian(places, "lat");
      // A country with a tenth of the reports (two at least) is part of the news, however far from
      // the median: a monitor of Syria and Yemen sees both, a lone distant statement stays out.
      const total = places.reduce((n, p) => n + p.count, 0);
      const byCountry = {};
      for (const p of places) if (p.country) byCountry[p.country] = (byCountry[p.country] || 0) + p.count;
      const major = (p) => p.country && byCountry[p.country] >= Math.max(2, total / 10);
      shown = places.filter((p) => major(p) || (Math.abs(p.lon - cx) <= 10 && Math.abs(p.lat - cy) <= 8));
    }
    let west = Infinity, east = -Infinity, south = Infinity, north = -Infinity;
    for (const p of shown) {
      west = Math.min(west, p.lon); east = Math.max(east, p.lon);
      south = Math.min(south, p.lat); north = Math.max(north, p.lat);
    }
    // Pad the data extent and never zoom closer than ~6 degrees, so borders give context.
    const span = Math.max(east - west, north - south, 6);
    const cx = (west + east) / 2, cy = (south + north) / 2;
    const half = span / 2 + span * 0.15;
    // North-south padded by the largest marker's radius (22 px) at least, so a marker at the data's
    // edge is drawn whole (no more: a wider view would merge nearby places into one cluster).
    const ph = mapPixelSize()[1];
    const halfLat = Math.max(half * 0.8, ((north - south) / 2) / Math.max(0.5, 1 - (2 * MARKER_MAX_PX + 4) / ph));
    return {
      west: cx - half, east: cx + half,
      south: Math.max(-85, cy - halfLat), north: Math.min(85, cy + halfLat),
    };
  }

  let lastSummary = null;
  // "Places mentioned": every geocoded place, sized by the number of articles naming
  // it, for corpora (or filters) with few geocoded events.
  async function mapSummary(filters, summary) {
    if (!$("map-mentions").checked) return summary;
    const page = await api("places", { country: filters.country || "", limit: 500 });
    const places = page.items
      .filter((p) => typeof p.lat === "number" && typeof p.lon === "number")
      .map((p) => ({ id: p.id, name: p.name, country: p.country, lat: p.lat, lon: p.lon, count: p.documents, types: { mentioned: p.documents } }));
    return { places: places, types: { mentioned: places.reduce((n, p) => n + p.count, 0) } };
  }

  // ---- the map: pan and zoom on the viewBox, markers clustered in screen space ----
  // One marker per place: the summary groups by place id (else label); places that
  // share a name and sit within ~5 km of each other are one place drawn once.
  function mergePlaces(places) {
    const out = [];
    for (const p of places) {
      const same = out.find((q) => (p.id && q.id === p.id) ||
        ((q.name || "") === (p.name || "") && Math.abs(q.lat - p.lat) < 0.05 && Math.abs(q.lon - p.lon) < 0.05));
      if (!same) { out.push({ ...p, types: { ...(p.types || {}) } }); continue; }
      same.count += p.count;
      for (const [t, n] of Object.entries(p.types || {})) same.types[t] = (same.types[t] || 0) + n;
    }
    return out;
  }

  const CLUSTER_PX = 26; // markers closer than this on screen are drawn as one
  const MARKER_MIN_PX = 5, MARKER_MAX_PX = 22; // a marker's radius on screen, by its share of the reports
  // A marker at a centroid says so: its point is not where the event happened (precision 2-4).
  const PRECISION_NOTE = { 2: " (موقع تقريبي)", 3: " (مركز المحافظة)", 4: " (مركز البلد أو المنطقة)" };
  const LABEL_PX = 13;
  const SPREAD_ZOOM = 8;
  const mapState = { places: [], project: null, base: null, box: null, drag: null, moved: false };

  function mapPixelSize() {
    const rect = $("map").getBoundingClientRect();
    return [rect.width || 800, rect.height || 420];
  }

  // Projected units per screen pixel at the current zoom (the viewBox is fitted, "meet").
  function unitsPerPixel() {
    const [pw, ph] = mapPixelSize();
    return Math.max(mapState.box.w / pw, mapState.box.h / ph);
  }

  function setBox(box) {
    const base = mapState.base;
    // Never zoom out past the whole first view times four, nor in past 1/200 of it.
    const w = Math.min(base.w * 4, Math.max(base.w / 200, box.w));
    const h = w * (base.h / base.w);
    const cx = box.x + box.w / 2, cy = box.y + box.h / 2;
    mapState.box = { x: cx - w / 2, y: cy - h / 2, w: w, h: h };
    const map = $("map");
    map.setAttribute("viewBox", [mapState.box.x, mapState.box.y, w, h].map((v) => v.toFixed(2)).join(" "));
    map.setAttribute("data-zoom", (base.w / w).toFixed(3));
    drawMarkers();
  }

  function zoomMap(factor, centre) {
    const b = mapState.box;
    if (!b) return;
    const [cx, cy] = centre || [b.x + b.w / 2, b.y + b.h / 2];
    const w = b.w / factor, h = b.h / factor;
    // Keep the point under the cursor where it is.
    setBox({ x: cx - (cx - b.x) / factor, y: cy - (cy - b.y) / factor, w: w, h: h });
  }

  function svgPoint(svgNode, clientX, clientY) {
    const m = svgNode.getScreenCTM();
    if (!m) return [0, 0];
    const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
    return [p.x, p.y];
  }

  function clusterPlaces(places, project, upp) {
    const clusters = [];
    for (const p of [...places].sort((a, b) => b.count - a.count)) {
      const [x, y] = project(p.lon, p.lat);
      const near = clusters.find((c) => Math.hypot(c.x - x, c.y - y) / upp < CLUSTER_PX);
      if (near) { near.members.push(p); near.count += p.count; }
      else clusters.push({ x: x, y: y, members: [p], count: p.count });
    }
    return clusters;
  }

  function drawMarkers() {
    const map = $("map");
    for (const old of map.querySelectorAll("g.markers, g.labels")) old.remove();
    const markers = svg("g", { class: "markers" });
    map.appendChild(markers);
    const { places, project } = mapState;
    if (!places.length) return;
    const upp = unitsPerPixel();
    // Zoomed in this far, places still in one cluster share (almost) a point, as a governorate
    // and its capital do: they are spread on a small ring, each its own marker.
    const spread = mapState.base.w / mapState.box.w >= SPREAD_ZOOM;
    const clusters = clusterPlaces(places, project, upp).flatMap((c) => {
      if (!spread || c.members.length === 1) return [c];
      return c.members.map((m, i) => {
        const angle = (2 * Math.PI * i) / c.members.length;
        return { x: c.x + Math.cos(angle) * CLUSTER_PX * upp, y: c.y + Math.sin(angle) * CLUSTER_PX * upp, members: [m], count: m.count };
      });
    });
    const maxCount = Math.max(1, ...clusters.map((c) => c.count));
    // Labels in a layer of their own above every marker, in the document already so they can be measured.
    const labels = svg("g", { class: "labels" });
    map.appendChild(labels);
    const placed = [];
    for (const c of clusters) {
      const rPx = MARKER_MIN_PX + (MARKER_MAX_PX - MARKER_MIN_PX) * Math.sqrt(c.count / maxCount);
      const r = rPx * upp;
      const single = c.members.length === 1;
      const p = c.members[0];
      const types = {};
      for (const m of c.members) for (const [t, n] of Object.entries(m.types || {})) types[t] = (types[t] || 0) + n;
      const ranked = Object.entries(types).sort((a, b) => b[1] - a[1]);
      const main = ranked.length ? ranked[0][0] : "other";
      const circle = svg("circle", {
        cx: c.x.toFixed(3), cy: c.y.toFixed(3), r: r.toFixed(3), fill: typeColour(main),
        class: single ? "marker" : "marker cluster", "data-count": c.count, "data-type": main,
        "data-members": JSON.stringify(c.members.map((m) => m.name || m.id || "")),
        "data-place": single ? p.name || "" : "", "data-place-id": single ? p.id || "" : "",
        "data-lat": p.lat, "data-lon": p.lon, "data-precision": single ? p.precision ?? "" : "",
        "vector-effect": "non-scaling-stroke",
      });
      const title = svg("title", {});
      title.textContent = single
        ? `${isolated(p.name || p.id)}${PRECISION_NOTE[p.precision] || ""}: ${c.count} — ` + ranked.map(([t, n]) => `${isolated(t)} ${n}`).join("، ")
        : `${c.members.length} أماكن، ${c.count} تقرير: ` + c.members.map((m) => isolated(m.name || m.id)).join("، ");
      circle.appendChild(title);
      if (single) {
        const link = svg("a", { href: hashLink("/place/" + encodeURIComponent(p.id || p.name)), class: "marker-link" });
        link.appendChild(circle);
        markers.appendChild(link);
      } else {
        // A cluster opens by zooming onto its places.
        circle.addEventListener("click", (event) => {
          if (mapState.moved) return;
          event.stopPropagation();
          zoomMap(3, [c.x, c.y]);
        });
        markers.appendChild(circle);
        const count = svg("text", { x: c.x.toFixed(3), y: (c.y + 4 * upp).toFixed(3), class: "cluster-count", "font-size": (11 * upp).toFixed(3), "text-anchor": "middle" });
        count.textContent = String(c.members.length);
        markers.appendChild(count);
      }
      // A label only where it covers no label already drawn (biggest first): measured once
      // drawn (Arabic glyphs are taller than a guess), removed again if it collides.
      const name = single ? p.name || "" : `${p.name || ""} +${c.members.length - 1}`;
      const x = c.x + (rPx + 3) * upp;
      const label = svg("text", { x: x.toFixed(3), y: (c.y + LABEL_PX * 0.35 * upp).toFixed(3), class: "marker-label", "font-size": (LABEL_PX * upp).toFixed(3) });
      label.textContent = isolated(name);
      labels.appendChild(label);
      let box = { x: x / upp, y: c.y / upp - LABEL_PX, w: name.length * LABEL_PX * 0.6 + 4, h: LABEL_PX * 1.8 };
      try {
        const b = label.getBBox();
        if (b.width > 0) box = { x: b.x / upp - 1, y: b.y / upp - 1, w: b.width / upp + 2, h: b.height / upp + 2 };
      } catch (e) { /* not rendered: keep the estimate */ }
      if (placed.some((b) => b.x < box.x + box.w && box.x < b.x + b.w && b.y < box.y + box.h && box.y < b.y + b.h)) label.remove();
      else placed.push(box);
    }
  }

  async function drawMap(summary) {
    lastSummary = summary;
    const map = $("map");
    const places = mergePlaces((summary.places || []).filter((p) => typeof p.lat === "number" && typeof p.lon === "number"));
    const view = viewFor(places, $("map-all").checked);
    const world = await loadWorld().catch(() => null);
    clear(map);
    const k = Math.cos(((view.north + view.south) / 2) * Math.PI / 180);
    const project = (lon, lat) => [(lon - view.west) * k * 100, (view.north - lat) * 100];
    const [width, height] = project(view.east, view.south);
    map.setAttribute("preserveAspectRatio", "xMidYMid meet");
    // The sea and the borders reach well past the first view, so panning shows land, not a void.
    map.appendChild(svg("rect", { x: -width * 4, y: -height * 4, width: width * 9, height: height * 9, class: "sea" }));
    const wide = { west: view.west - (view.east - view.west) * 2, east: view.east + (view.east - view.west) * 2,
      south: view.south - (view.north - view.south) * 2, north: view.north + (view.north - view.south) * 2 };
    const borders = svg("g", { class: "countries" });
    if (world) {
      for (const feature of world) {
        if (!feature.geometry || !bboxIntersects(feature.geometry, wide)) continue;
        const path = svg("path", { d: featurePath(feature.geometry, project), class: "country", "vector-effect": "non-scaling-stroke" });
        const title = svg("title", {});
        title.textContent = isolated((feature.properties && feature.properties.name) || "");
        path.appendChild(title);
        borders.appendChild(path);
      }
    }
    map.appendChild(borders);
    mapState.places = places;
    mapState.project = project;
    mapState.base = { x: 0, y: 0, w: width, h: height };
    setBox(mapState.base);
    const legend = $("map-legend");
    clear(legend);
    for (const type of Object.keys(summary.types || {})) {
      const swatch = el("span", { class: "swatch" });
      swatch.style.backgroundColor = typeColour(type);
      legend.appendChild(el("li", {}, swatch, `${type} (${summary.types[type]})`));
    }
  }

  function initMapControls() {
    const map = $("map");
    map.addEventListener("wheel", (event) => {
      if (!mapState.box) return;
      event.preventDefault();
      zoomMap(event.deltaY < 0 ? 1.4 : 1 / 1.4, svgPoint(map, event.clientX, event.clientY));
    }, { passive: false });
    map.addEventListener("pointerdown", (event) => {
      if (!mapState.box || event.button !== 0) return;
      mapState.drag = { x: event.clientX, y: event.clientY, box: { ...mapState.box }, upp: unitsPerPixel() };
      mapState.moved = false;
    });
    map.addEventListener("pointermove", (event) => {
      const d = mapState.drag;
      if (!d) return;
      const dx = event.clientX - d.x, dy = event.clientY - d.y;
      if (!mapState.moved && Math.hypot(dx, dy) < 4) return;
      if (!mapState.moved) map.setPointerCapture(event.pointerId);
      mapState.moved = true;
      map.classList.add("dragging");
      setBox({ x: d.box.x - dx * d.upp, y: d.box.y - dy * d.upp, w: d.box.w, h: d.box.h });
    });
    const end = () => { mapState.drag = null; map.classList.remove("dragging"); };
    map.addEventListener("pointerup", end);
    map.addEventListener("pointercancel", end);
    // A drag that ends on a marker is not a click on it.
    map.addEventListener("click", (event) => {
      if (mapState.moved) { event.preventDefault(); event.stopPropagation(); mapState.moved = false; }
    }, true);
    $("map-zoom-in").addEventListener("click", () => zoomMap(1.6));
    $("map-zoom-out").addEventListener("click", () => zoomMap(1 / 1.6));
    $("map-zoom-reset").addEventListener("click", () => { if (mapState.base) setBox(mapState.base); });
  }

  // ---- the timeline: reports per publication day (bars, by type), articles per day (a line) ----
  const DAY_MS = 86400000;
  const dayMs = (day) => Date.parse(day + "T00:00:00Z");
  const msDay = (ms) => new Date(ms).toISOString().slice(0, 10);

  // The [start, end) of a date at its precision: a day, a month or a year.
  function dateRange(date) {
    if (date.length === 10) return [dayMs(date), dayMs(date) + DAY_MS];
    if (date.length === 7) {
      const [y, m] = date.split("-").map(Number);
      return [Date.UTC(y, m - 1, 1), Date.UTC(y, m, 1)];
    }
    const y = Number(date);
    return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)];
  }

  const timelineState = { data: null, home: null, domain: null, brush: null };

  function timelineHome(data) {
    if (!data.first_day) return null;
    let from = dayMs(data.first_day), to = dayMs(data.last_day) + DAY_MS;
    if (to - from < 7 * DAY_MS) { const pad = (7 * DAY_MS - (to - from)) / 2; from -= pad; to += pad; }
    return [Math.floor(from / DAY_MS) * DAY_MS, Math.ceil(to / DAY_MS) * DAY_MS];
  }

  function showTimeline(data) {
    timelineState.data = data;
    timelineState.home = timelineHome(data);
    timelineState.domain = timelineState.home;
    drawTimeline();
  }

  const TL = { W: 800, H: 240, left: 58, right: 48, top: 26, bottom: 28 }; // room for five-digit counts either side

  function drawTimeline() {
    const chart = $("timeline");
    clear(chart);
    const { W, H, left, right, top, bottom } = TL;
    chart.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const data = timelineState.data;
    const domain = timelineState.domain;
    if (!data || !domain) {
      chart.removeAttribute("data-from");
      chart.removeAttribute("data-to");
      const t = svg("text", { x: W / 2, y: H / 2, class: "empty", "text-anchor": "middle" });
      t.textContent = "لا بيانات زمنية";
      chart.appendChild(t);
      return;
    }
    const [from, to] = domain;
    chart.setAttribute("data-from", msDay(from));
    chart.setAttribute("data-to", msDay(to - DAY_MS));
    const plotW = W - left - right, plotH = H - top - bottom;
    const xOf = (ms) => left + ((ms - from) / (to - from)) * plotW;
    // Long spans are drawn per month so the bars stay visible.
    const byMonth = to - from > 400 * DAY_MS;
    const bucketOf = (day) => (byMonth ? day.slice(0, 7) : day);
    const g = svg("g", { direction: "ltr" });
    const clip = svg("clipPath", { id: "timeline-clip" });
    clip.appendChild(svg("rect", { x: left, y: 0, width: plotW, height: H }));
    chart.appendChild(clip);
    const plot = svg("g", { "clip-path": "url(#timeline-clip)" });
    // Reports per bucket and type, inside the domain.
    const stacks = new Map();
    for (const row of data.days) {
      const ms = dayMs(row.day);
      if (ms < from || ms >= to) continue;
      const key = bucketOf(row.day);
      if (!stacks.has(key)) stacks.set(key, []);
      stacks.get(key).push(row);
    }
    const articles = new Map();
    for (const row of data.articles) {
      const ms = dayMs(row.day);
      if (ms < from || ms >= to) continue;
      const key = bucketOf(row.day);
      articles.set(key, (articles.get(key) || 0) + row.count);
    }
    const totals = [...stacks.values()].map((s) => s.reduce((a, r) => a + r.count, 0));
    const max = Math.max(1, ...totals);
    const maxArticles = Math.max(1, ...articles.values());
    for (const [key, stack] of stacks) {
      const [a, b] = dateRange(key);
      const x0 = xOf(a), x1 = xOf(b);
      const barW = Math.max(1, Math.min(40, (x1 - x0) * 0.8));
      let y = top + plotH;
      for (const row of stack.sort((p, q) => String(p.type).localeCompare(String(q.type)))) {
        const h = (row.count / max) * plotH;
        y -= h;
        const bar = svg("rect", {
          x: ((x0 + x1) / 2 - barW / 2).toFixed(2), y: y.toFixed(2), width: barW.toFixed(2), height: h.toFixed(2),
          fill: typeColour(row.type), class: "bar", "data-day": key, "data-type": row.type, "data-count": row.count,
        });
        const title = svg("title", {});
        title.textContent = `${key} · ${isolated(row.type)}: ${row.count}`;
        bar.appendChild(title);
        plot.appendChild(bar);
      }
    }
    // Articles per bucket as a line over every bucket of the domain (zero where none was published).
    const points = [];
    for (let ms = from; ms < to;) {
      const key = bucketOf(msDay(ms));
      const [a, b] = dateRange(key);
      const n = articles.get(key) || 0;
      points.push(`${((xOf(a) + xOf(b)) / 2).toFixed(2)},${(top + plotH - (n / maxArticles) * plotH).toFixed(2)}`);
      ms = b;
    }
    if (points.length) plot.appendChild(svg("polyline", { points: points.join(" "), class: "volume", fill: "none", "data-max": maxArticles }));
    // Event dates the reports name, each at its precision: a day is a tick, a month or a year a span.
    const strip = top - 14;
    for (const d of data.dates) {
      const [a, b] = dateRange(d.date);
      if (b <= from || a >= to) continue;
      const x0 = Math.max(left, xOf(a)), x1 = Math.min(W - right, xOf(b));
      const mark = svg("rect", {
        x: x0.toFixed(2), y: strip + (d.precision === "day" ? 0 : d.precision === "month" ? 4 : 8),
        width: Math.max(1.5, x1 - x0).toFixed(2), height: 4, fill: typeColour(d.type),
        class: "event-date precision-" + d.precision, "data-date": d.date, "data-precision": d.precision, "data-count": d.count,
      });
      const title = svg("title", {});
      title.textContent = `${d.date} (${PRECISION_LABEL[d.precision]}) · ${isolated(d.type)}: ${d.count}`;
      mark.appendChild(title);
      plot.appendChild(mark);
    }
    g.appendChild(plot);
    g.appendChild(svg("line", { x1: left, y1: top + plotH, x2: W - right, y2: top + plotH, class: "axis" }));
    for (let t = 0; t < 6; t++) {
      const ms = from + ((to - from) * (t + 0.5)) / 6;
      const label = svg("text", { x: xOf(ms).toFixed(2), y: H - 8, class: "tick", "text-anchor": "middle" });
      label.textContent = byMonth ? msDay(ms).slice(0, 7) : msDay(ms);
      g.appendChild(label);
    }
    const maxLabel = svg("text", { x: left - 4, y: top + 10, class: "tick", "text-anchor": "end" });
    maxLabel.textContent = String(max);
    g.appendChild(maxLabel);
    const volLabel = svg("text", { x: W - right + 4, y: top + 10, class: "tick volume-tick", "text-anchor": "start" });
    volLabel.textContent = String(maxArticles);
    g.appendChild(volLabel);
    chart.appendChild(g);
    timelineState.brush = svg("rect", { x: 0, y: top, width: 0, height: plotH, class: "brush", hidden: "" });
    chart.appendChild(timelineState.brush);
  }

  function initTimelineControls() {
    const chart = $("timeline");
    let start = null;
    const clampX = (x) => Math.max(TL.left, Math.min(TL.W - TL.right, x));
    chart.addEventListener("pointerdown", (event) => {
      if (!timelineState.domain || event.button !== 0) return;
      start = clampX(svgPoint(chart, event.clientX, event.clientY)[0]);
      chart.setPointerCapture(event.pointerId);
    });
    chart.addEventListener("pointermove", (event) => {
      if (start === null || !timelineState.brush) return;
      const x = clampX(svgPoint(chart, event.clientX, event.clientY)[0]);
      const b = timelineState.brush;
      b.removeAttribute("hidden");
      b.setAttribute("x", Math.min(start, x).toFixed(2));
      b.setAttribute("width", Math.abs(x - start).toFixed(2));
    });
    chart.addEventListener("pointerup", (event) => {
      if (start === null) return;
      const x = clampX(svgPoint(chart, event.clientX, event.clientY)[0]);
      const [a, b] = [Math.min(start, x), Math.max(start, x)];
      start = null;
      if (b - a < 4) { drawTimeline(); return; }
      const [from, to] = timelineState.domain;
      const msOf = (px) => from + ((px - TL.left) / (TL.W - TL.left - TL.right)) * (to - from);
      // Whole days, at least one.
      const lo = Math.floor(msOf(a) / DAY_MS) * DAY_MS;
      const hi = Math.max(lo + DAY_MS, Math.ceil(msOf(b) / DAY_MS) * DAY_MS);
      timelineState.domain = [lo, hi];
      drawTimeline();
    });
    $("timeline-out").addEventListener("click", () => {
      if (!timelineState.domain) return;
      const [from, to] = timelineState.domain;
      const span = to - from;
      timelineState.domain = [Math.floor((from - span / 2) / DAY_MS) * DAY_MS, Math.ceil((to + span / 2) / DAY_MS) * DAY_MS];
      drawTimeline();
    });
    $("timeline-reset").addEventListener("click", () => { timelineState.domain = timelineState.home; drawTimeline(); });
  }

  // ---- article view -------------------------------------------------------------
  const LAYERS = [
    { key: "repair", label: "إصلاح (كلمة مموّهة)" },
    { key: "entity", label: "كيان" },
    { key: "place", label: "مكان" },
    { key: "time", label: "تاريخ" },
    { key: "quote", label: "اقتباس" },
    { key: "trigger", label: "فعل الحدث" },
    { key: "boilerplate", label: "حشو الصفحة" },
  ];

  function annotationSpans(doc) {
    const spans = [];
    (doc.repairs || []).forEach((r, i) => spans.push({ start: r.start, end: r.end, layer: "repair", id: i, info: `${r.original} → ${r.replacement} (${r.kind || ""})` }));
    (doc.entities || []).forEach((e, i) => spans.push({ start: e.start, end: e.end, layer: "entity", id: i, sub: e.type, info: `${e.type}: ${e.canonical || e.text}` }));
    (doc.places || []).forEach((p, i) => (p.mentions || []).forEach((m) => spans.push({ start: m[0], end: m[1], layer: "place", id: i, info: `${p.canonical || p.name}${p.country ? " · " + p.country : ""}` })));
    (doc.times || []).forEach((t, i) => spans.push({ start: t.start, end: t.end, layer: "time", id: i, info: `${t.value} (${t.granularity})` }));
    (doc.quotes || []).forEach((q, i) => spans.push({ start: q.start, end: q.end, layer: "quote", id: i, info: q.speaker ? `${nameOf(q.speaker) || ""}` : "" }));
    (doc.events || []).forEach((ev, i) => ev.trigger && spans.push({ start: ev.trigger.start, end: ev.trigger.end, layer: "trigger", id: i, info: `${ev.type} · ${ev.status}` }));
    (doc.boilerplate || []).forEach((b, i) => spans.push({ start: b.start, end: b.end, layer: "boilerplate", id: i, info: b.kind }));
    return spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start);
  }

  // Split the text at every annotation boundary; each piece carries the
  // annotations covering it.  Pieces of one repair share data-repair, so one
  // repair counts once however the other layers cut it.
  function renderAnnotated(container, text, spans, repairs) {
    clear(container);
    const cuts = new Set([0, text.length]);
    for (const s of spans) { cuts.add(Math.min(s.start, text.length)); cuts.add(Math.min(s.end, text.length)); }
    const points = [...cuts].sort((a, b) => a - b);
    const repairEnds = new Map((repairs || []).map((r, i) => [r.end, i]));
    let block = el("p", { class: "para" });
    container.appendChild(block);
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      const lines = text.slice(a, b).split("\n");
      lines.forEach((line, li) => {
        if (li > 0) { block = el("p", { class: "para" }); container.appendChild(block); }
        if (!line) return;
        if (!covering.length) { block.appendChild(document.createTextNode(line)); return; }
        const piece = el("span", { class: "hl " + covering.map((s) => "hl-" + s.layer).join(" ") });
        piece.textContent = line;
        for (const s of covering) {
          piece.setAttribute("data-" + s.layer, String(s.id));
          if (s.sub) piece.setAttribute("data-" + s.layer + "-type", s.sub);
        }
        piece.title = covering.map((s) => s.info).filter(Boolean).join(" | ");
        block.appendChild(piece);
      });
      // Show the repaired form right after the last piece of a repair.
      if (repairEnds.has(b) && covering.some((s) => s.layer === "repair")) {
        const r = repairs[repairEnds.get(b)];
        block.appendChild(el("sup", { class: "fix", "data-fix": repairEnds.get(b) }, r.replacement));
      }
    }
  }

  // Where a sentence ends: at a newline, or at . ! ? ؟ followed by a space or the end of the
  // text and not inside a repaired word; an obfuscation dot (أسلـ.حتها, وأسلـ. حتها) is no end.
  function sentenceStop(text, i, repairs) {
    const ch = text[i];
    if (ch === "\n") return true;
    if (!/[.!?؟]/.test(ch)) return false;
    if (repairs.some((r) => r.start <= i && i < r.end)) return false;
    if (i > 0 && text[i - 1] === "\u0640") return false; // a tatweel before the dot: obfuscation
    return i + 1 >= text.length || /\s/.test(text[i + 1]);
  }

  function sentenceAround(text, start, end, repairs) {
    const fixes = Array.isArray(repairs) ? repairs : [];
    let a = start, b = end;
    while (a > 0 && !sentenceStop(text, a - 1, fixes) && start - a < 300) a--;
    while (b < text.length && !sentenceStop(text, b, fixes) && b - end < 300) b++;
    return [a, Math.min(text.length, b + 1)];
  }

  // The source chain, each link a name; a link the text names (chain_spans, since round 31) says
  // how the article wrote it and where ([start, end) in the original text), and shows it there.
  function chainLinks(doc, ev, each) {
    const spans = Array.isArray(ev.chain_spans) && ev.chain_spans.length === ev.chain.length ? ev.chain_spans : null;
    if (!spans) return each(ev.chain, " ← ");
    return ev.chain.flatMap((name, n) => {
      const link = spans[n] || {};
      let node = bdi(name);
      if (Number.isInteger(link.start) && Number.isInteger(link.end) && doc.text.slice(link.start, link.end) === link.text) {
        // Each name in its own isolate (the surface too), as everywhere in the page.
        node = el("span", { class: "chain-link", "data-start": String(link.start), "data-end": String(link.end),
          title: `كما ورد في النص: ${isolated(link.text)} [${link.start}، ${link.end})` }, node);
        if (link.text !== name) node.append(" (", bdi(link.text, { class: "as-written" }), ")");
      }
      return n ? [" ← ", node] : [node];
    });
  }

  function evidenceItem(doc, ev, i) {
    const item = el("li", { "data-event": i });
    const head = el("div", { class: "ev-head" });
    const swatch = el("span", { class: "swatch" });
    swatch.style.backgroundColor = typeColour(ev.type);
    head.appendChild(swatch);
    head.appendChild(el("strong", {}, bdi(ev.type || "—")));
    if (ev.mode) head.appendChild(el("span", { class: "mode" }, " · " + ev.mode));
    head.appendChild(statusBadge(ev.status || "", ev.status || "—"));
    appendChild(head, otherStatuses(ev));
    if (typeof ev.confidence === "number") head.appendChild(confidenceBadge(ev.confidence));
    appendChild(head, mentionsBadge(1 + (Array.isArray(ev.mentions) ? ev.mentions.length : 0)));
    item.appendChild(head);
    const facts = el("dl", { class: "facts" });
    const fact = (label, value) => { if (value) { facts.appendChild(el("dt", {}, label)); facts.appendChild(el("dd", {}, value)); } };
    // Each name in its own isolate, so one with bidi controls cannot reorder its neighbours.
    const each = (values, separator) => values.flatMap((v, n) => (n ? [separator, bdi(v)] : [bdi(v)]));
    fact("الفاعل", scoredName(ev.actor));
    fact("الهدف", scoredName(ev.target));
    fact("المكان", ev.place ? placeLink(ev.place) : null);
    fact("التاريخ", ev.date ? bdi(ev.date, { dir: "ltr" }) : null);
    fact("المصدر", nameOf(ev.source) ? bdi(nameOf(ev.source)) : null);
    fact("سلسلة النقل", (ev.chain || []).length ? chainLinks(doc, ev, each) : null);
    fact("ذُكر أيضاً", mentionFacts(ev.mentions));
    fact("أرقام", (ev.figures || []).length ? each(ev.figures.map((f) => `${f.value ?? f.count ?? ""} ${f.unit ?? f.kind ?? f.text ?? ""}`.trim()), "، ") : null);
    item.appendChild(facts);
    // The review and the story come from the event's detail (filled in by showDocument).
    const itemId = ev.id || "i" + i;
    item.setAttribute("data-id", itemId);
    const open = el("button", { type: "button", class: "review-open" }, "مراجعة");
    open.addEventListener("click", () => openReview(doc.id, itemId));
    item.appendChild(el("div", { class: "ev-review" }, el("span", { class: "ev-review-state" }), open));
    item.appendChild(el("div", { class: "ev-reported" }));
    if (ev.trigger && Number.isInteger(ev.trigger.start)) {
      const [a, b] = sentenceAround(doc.text, ev.trigger.start, ev.trigger.end, doc.repairs);
      const quote = el("blockquote", { class: "evidence-text", dir: "rtl" });
      quote.appendChild(document.createTextNode(doc.text.slice(a, ev.trigger.start)));
      quote.appendChild(el("mark", {}, doc.text.slice(ev.trigger.start, ev.trigger.end)));
      quote.appendChild(document.createTextNode(doc.text.slice(ev.trigger.end, b)));
      item.appendChild(quote);
      const jump = el("button", { type: "button", class: "jump" }, "أظهر في النص");
      jump.addEventListener("click", () => {
        const target = document.querySelector(`#doc-text [data-trigger="${i}"]`);
        if (target) { target.scrollIntoView({ block: "center" }); target.classList.add("flash"); setTimeout(() => target.classList.remove("flash"), 1500); }
      });
      item.appendChild(jump);
    }
    return item;
  }

  async function showDocument(id, params) {
    showView("document");
    let doc;
    try {
      doc = await api("documents/" + encodeURIComponent(id));
    } catch (e) {
      showMessage(e.status === 404 ? "لا يوجد مقال بهذا المعرف." : "تعذر تحميل المقال: " + e.message);
      clear($("doc-title"));
      clear($("doc-text"));
      return;
    }
    showMessage("");
    // The header line: date, source, URL and id, each in its own isolate.
    const title = $("doc-title");
    clear(title);
    title.appendChild(bdi(doc.title || doc.id, { "data-field": "title" }));
    const meta = $("doc-meta");
    clear(meta);
    // Date and outlet on one line; the URL and the id each on a line of their own, labelled.
    const line = el("span", { class: "meta-line" }, el("span", { dir: "ltr", "data-field": "published" }, doc.published || ""), doc.source ? [" · ", bdi(doc.source, { "data-field": "source" })] : "");
    meta.appendChild(line);
    if (doc.url) {
      const link = externalLink(doc.url);
      link.setAttribute("data-field", "url");
      meta.appendChild(el("span", { class: "meta-line" }, el("span", { class: "meta-label" }, "الرابط: "), link));
    }
    meta.appendChild(el("span", { class: "meta-line" }, el("span", { class: "meta-label" }, "المعرف: "), el("span", { class: "doc-id", dir: "ltr", "data-field": "id" }, doc.id)));
    versionsList(doc);
    const legend = $("doc-legend");
    clear(legend);
    const counts = { repair: (doc.repairs || []).length, entity: (doc.entities || []).length, place: (doc.places || []).length, time: (doc.times || []).length, quote: (doc.quotes || []).length, trigger: (doc.events || []).length, boilerplate: (doc.boilerplate || []).length };
    for (const layer of LAYERS) legend.appendChild(el("li", {}, el("span", { class: "hl hl-" + layer.key }, layer.label), ` ${counts[layer.key]}`));
    renderAnnotated($("doc-text"), doc.text, annotationSpans(doc), doc.repairs || []);
    const events = $("doc-events");
    clear(events);
    (doc.events || []).forEach((ev, i) => events.appendChild(evidenceItem(doc, ev, i)));
    if (!(doc.events || []).length) events.appendChild(el("li", { class: "none" }, "لا أحداث"));
    await fillEventDetails(doc);
    $("doc-repairs-count").textContent = `(${(doc.repairs || []).length})`;
    const repairs = $("doc-repairs").tBodies[0];
    clear(repairs);
    for (const r of doc.repairs || []) repairs.appendChild(el("tr", {}, el("td", {}, bdi(r.original)), el("td", {}, bdi(r.replacement)), el("td", {}, bdi(r.kind || ""))));
    const places = $("doc-places");
    clear(places);
    for (const p of doc.places || []) places.appendChild(el("li", {}, placeLink({ id: p.id, name: p.canonical || p.name }), p.country ? [" · ", bdi(p.country)] : "", p.lat != null ? ` (${Number(p.lat).toFixed(2)}, ${Number(p.lon).toFixed(2)})` : ""));
    const quotes = $("doc-quotes");
    clear(quotes);
    for (const q of doc.quotes || []) {
      quotes.appendChild(el("li", {}, el("strong", {}, scoredName(q.speaker) || "—"), ": ", el("q", {}, bdi((q.content && q.content.text) || doc.text.slice(q.start, q.end)))));
    }
    // Coming from an event row: show that event's evidence and its trigger in the text.
    const wanted = params && params.get("event");
    if (wanted !== null && wanted !== undefined && wanted !== "") {
      const item = document.querySelector(`#doc-events > li[data-event="${CSS.escape(wanted)}"]`);
      const trigger = document.querySelector(`#doc-text [data-trigger="${CSS.escape(wanted)}"]`);
      if (item) item.classList.add("selected");
      if (trigger) { trigger.classList.add("flash"); trigger.scrollIntoView({ block: "center" }); }
    }
  }

  // ---- place and entity pages -------------------------------------------------
  async function showPlace(id) {
    showView("place");
    try {
      const p = await api("places/" + encodeURIComponent(id));
      showMessage("");
      clear($("place-title"));
      $("place-title").appendChild(bdi(p.name || p.id));
      const placeMeta = $("place-meta");
      clear(placeMeta);
      const parts = [p.country ? bdi(p.country) : null, p.admin1 ? bdi(p.admin1) : null,
        p.lat != null ? el("span", { dir: "ltr" }, `${Number(p.lat).toFixed(3)}, ${Number(p.lon).toFixed(3)}`) : null,
        `${p.documents} مقال`, `${p.mentions} ذكر`, `${p.events} حدث`,
        (p.names || []).length ? (p.names || []).flatMap((n, i) => (i ? ["، ", bdi(n)] : [bdi(n)])) : null].filter(Boolean);
      parts.forEach((part, i) => appendChild(placeMeta, i ? [" · ", part] : part));
      fillEventsTable($("place-events"), p.events_list || [], false);
      const docs = $("place-docs");
      clear(docs);
      for (const d of p.documents_list || []) docs.appendChild(el("li", {}, docLink(d.id, d.title || d.id), d.published ? [" · ", el("span", { dir: "ltr" }, d.published)] : ""));
    } catch (e) {
      clear($("place-title"));
      showMessage(e.status === 404 ? "لا يوجد مكان بهذا المعرف." : e.message);
    }
  }

  async function showEntity(name, params) {
    showView("entity");
    try {
      const ent = await api("entities/" + encodeURIComponent(name), { type: params.get("type") || "" });
      showMessage("");
      clear($("entity-title"));
      $("entity-title").appendChild(bdi(ent.name));
      clear($("entity-meta"));
      appendChild($("entity-meta"), [bdi(ent.type), ` · ${ent.documents} مقال · ${ent.mentions} ذكر`]);
      fillEventsTable($("entity-events"), ent.events_list || [], false);
      const docs = $("entity-docs");
      clear(docs);
      for (const d of ent.documents_list || []) docs.appendChild(el("li", {}, docLink(d.id, d.title || d.id), d.published ? [" · ", el("span", { dir: "ltr" }, d.published)] : ""));
    } catch (e) {
      clear($("entity-title"));
      $("entity-title").appendChild(bdi(name));
      clear($("entity-meta"));
      clear($("entity-events").tBodies[0]);
      clear($("entity-docs"));
      showMessage(e.status === 404 ? "لا كيان بهذا الاسم في المقالات." : e.message);
    }
  }

  // ---- list pages: places, entities, documents, search ------------------------
  const LISTS = {
    places: {
      title: "الأماكن", endpoint: "places", columns: ["المكان", "البلد", "الأحداث", "المقالات", "الذكر"],
      row: (p) => [placeLink(p), bdi(p.country || "—"), p.events, p.documents, p.mentions],
    },
    entities: {
      title: "الكيانات", endpoint: "entities", columns: ["الاسم", "النوع", "المقالات", "الذكر"],
      row: (e) => [entityLink(e.name, e.type), bdi(e.type), e.documents, e.mentions],
    },
    documents: {
      title: "المقالات", endpoint: "documents", columns: ["العنوان", "التاريخ", "المصدر", "أحداث"],
      row: (d) => [docLink(d.id, d.title || d.id), el("span", { dir: "ltr" }, d.published || "—"), bdi(d.source || "—"), d.events],
    },
    search: {
      title: "نتائج البحث", endpoint: "search", columns: ["العنوان", "التاريخ", "مقتطف"],
      row: (d) => [[docLink(d.id, d.title || d.id), olderTextBadge(d)], el("span", { dir: "ltr" }, d.published || "—"), highlighted(d.snippet || "", d.highlights)],
    },
  };

  // A hit in an article its outlet corrected since (round 37): the hit is in the text first stored.
  function olderTextBadge(d) {
    const count = d.later_versions;
    if (!Number.isInteger(count) || count < 1) return null;
    return el("span", { class: "older-text", "data-versions": String(count), title: "النتيجة في النص المخزّن أولاً؛ صفحة المقال تعرض النسخ اللاحقة" },
      `نص أقدم: صُحّح ${count === 1 ? "مرة" : count + " مرات"}`);
  }

  // The later texts a stored article was read with (its outlet's corrections), newest last; not analysed.
  function versionsList(doc) {
    const box = $("doc-versions");
    clear(box);
    const versions = Array.isArray(doc.versions) ? doc.versions : [];
    box.hidden = !versions.length;
    if (!versions.length) return;
    box.appendChild(el("p", { class: "versions-head" }, `قُرئ المقال لاحقاً بصياغة أخرى (${versions.length}): النص أدناه هو الأول، وعليه التحليل.`));
    for (const v of versions) {
      box.appendChild(el("details", { class: "version", "data-version": String(v.version) },
        el("summary", {}, `النسخة ${v.version} · `, el("span", { dir: "ltr" }, String(v.first_seen || "").slice(0, 10)),
          v.title ? [" · ", bdi(v.title)] : ""),
        el("p", { class: "version-text", dir: "rtl" }, bdi(v.text || ""))));
    }
  }

  // The snippet with the words that matched marked ([start, end) offsets into the snippet, from the API).
  function highlighted(snippet, highlights) {
    const box = el("bdi", { class: "snippet" });
    const spans = (Array.isArray(highlights) ? highlights : [])
      .filter((h) => Array.isArray(h) && Number.isInteger(h[0]) && Number.isInteger(h[1]) && h[0] < h[1])
      .sort((a, b) => a[0] - b[0]);
    let at = 0;
    for (const [a, b] of spans) {
      if (a < at || b > snippet.length) continue;
      box.appendChild(document.createTextNode(snippet.slice(at, a)));
      box.appendChild(el("mark", {}, snippet.slice(a, b)));
      at = b;
    }
    box.appendChild(document.createTextNode(snippet.slice(at)));
    return box;
  }

  async function showList(kind, params) {
    showView("list");
    const spec = LISTS[kind];
    const q = params.get("q") || "";
    clear($("list-title"));
    appendChild($("list-title"), [spec.title, q ? [" — «", bdi(q), "»"] : ""]);
    $("list-q").value = q;
    $("list-filter").dataset.kind = kind;
    const table = $("list-table");
    const headRow = table.tHead.rows[0];
    clear(headRow);
    for (const c of spec.columns) headRow.appendChild(el("th", {}, c));
    const body = table.tBodies[0];
    clear(body);
    $("list-count").textContent = "";
    $("search-q").value = kind === "search" ? q : $("search-q").value;
    if (kind === "search" && !q) { showMessage("اكتب كلمة للبحث."); return; }
    const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    try {
      const page = await api(spec.endpoint, { q: q, limit: PAGE, offset: offset });
      for (const item of page.items) {
        body.appendChild(el("tr", {}, spec.row(item).map((cell, i) => el("td", { "data-label": spec.columns[i] }, cell))));
      }
      const count = $("list-count");
      count.setAttribute("data-total", page.total);
      count.textContent = kind === "search" ? `${page.total} نتيجة` : `${page.total}`;
      drawPager($("list-pager"), "/" + kind, { q: q }, offset, page.total);
      showMessage(page.total ? "" : "لا نتائج.");
    } catch (e) {
      showMessage(e.message);
    }
  }

  // ---- review: judge or correct an event (token-protected writes) -----------------
  // The token is asked once and kept in sessionStorage (gone when the tab closes), sent only
  // as the bearer header of a POST; never in the URL.
  const TOKEN_KEY = "marsad-review-token";
  const REVIEWER_KEY = "marsad-reviewer";
  const memoryStore = {};
  function sessionGet(key) {
    try { return window.sessionStorage.getItem(key) || ""; } catch (e) { return memoryStore[key] || ""; }
  }
  function sessionSet(key, value) {
    try {
      if (value) window.sessionStorage.setItem(key, value); else window.sessionStorage.removeItem(key);
    } catch (e) {
      if (value) memoryStore[key] = value; else delete memoryStore[key];
    }
  }

  const VERDICT_LABEL = { right: "✓ صحيح", wrong: "✗ خطأ" };
  const FIELD_LABEL = { actor: "الفاعل", target: "الهدف", place: "المكان", type: "النوع", status: "الحالة",
    speaker: "المتحدث", direct: "مباشر", verdict: "الحكم", reviewed: "مراجَع" };

  // A reviewed event's badge: its verdict, or "corrected" when only values changed.
  function reviewBadge(ev) {
    if (!ev || !ev.reviewed) return null;
    const verdict = ev.verdict === "right" || ev.verdict === "wrong" ? ev.verdict : "edited";
    return el("span", { class: "review-badge verdict-" + verdict, "data-reviewed": "true", "data-verdict": verdict,
      title: "راجعه محلل" }, verdict === "edited" ? "✎ مصحَّح" : VERDICT_LABEL[verdict]);
  }

  // A readable line for an API error: its message, and the valid choices when it lists them.
  function errorText(err) {
    const lead = { 401: "الرمز خاطئ أو مفقود", 403: "الخادم لا يقبل الكتابة", 404: "غير موجود", 422: "طلب غير صالح" }[err.status] || "خطأ";
    // The API's message is English: an isolate (FSI … PDI) keeps it in its own order inside the
    // right-to-left line, where "(Syria, سوريا) or a name" otherwise came out reordered.
    let text = `${lead} (${err.status || "?"}): \u2068${err.message}\u2069`;
    const choices = err.details && Array.isArray(err.details.choices) ? err.details.choices : null;
    if (choices && !err.message.includes(choices.join(", "))) text += " — المتاح: " + choices.join("، ");
    return text;
  }

  let reviewChoices = null;
  async function loadReviewChoices() {
    if (!reviewChoices) reviewChoices = await api("reviews/choices");
    return reviewChoices;
  }

  const reviewState = { doc: null, id: null, ev: null };

  function reviewNotice(kind, text) {
    const error = $("review-error"), done = $("review-done");
    error.hidden = kind !== "error";
    done.hidden = kind !== "done";
    error.textContent = kind === "error" ? text : "";
    done.textContent = kind === "done" ? text : "";
  }

  function showReviewAuth() {
    const writable = Boolean(reviewChoices && reviewChoices.writable);
    const token = sessionGet(TOKEN_KEY), reviewer = sessionGet(REVIEWER_KEY);
    $("review-readonly").hidden = writable;
    $("review-auth").hidden = !writable || Boolean(token && reviewer);
    $("review-who").hidden = !writable || !(token && reviewer);
    $("review-who-name").textContent = reviewer ? "المراجِع: " + isolated(reviewer) : "";
    $("review-reviewer").value = reviewer;
    const ready = writable && Boolean(token && reviewer);
    for (const id of ["review-right", "review-wrong", "review-save"]) $(id).disabled = !ready;
  }

  function fillChoice(select, values, current) {
    clear(select);
    for (const v of values) select.appendChild(el("option", { value: v }, v));
    // A value the pipeline wrote that the list lacks (OTHER, mentioned) stays visible as it is.
    if (current && !values.includes(current)) select.insertBefore(el("option", { value: current }, current), select.firstChild);
    select.value = current || "";
    if (!current) { select.insertBefore(el("option", { value: "" }, "—"), select.firstChild); select.value = ""; }
  }

  function historyEntry(entry) {
    const changes = [];
    const before = entry.before || {}, after = entry.after || {};
    for (const key of Object.keys(after)) {
      if (key === "reviewed" || key.endsWith("_span")) continue;
      if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
      const show = (v) => (v === null || v === undefined || v === "" ? "—" : bdi(v));
      const word = (v) => (key === "verdict" && VERDICT_LABEL[v] ? VERDICT_LABEL[v] : v);
      changes.push(el("li", { "data-field": key }, (FIELD_LABEL[key] || key) + ": ", show(word(before[key])), " ← ", show(word(after[key]))));
    }
    return el("li", { "data-review": entry.id },
      el("span", { class: "review-when", dir: "ltr" }, String(entry.reviewed_at || "").replace("T", " ").slice(0, 19)), " · ",
      bdi(entry.reviewer || "—"), entry.verdict ? [" · ", VERDICT_LABEL[entry.verdict] || entry.verdict] : "",
      changes.length ? el("ul", { class: "review-changes" }, changes) : "",
      entry.note ? el("p", { class: "review-note" }, bdi(entry.note)) : "");
  }

  // The outlets and articles that report the same event (its story).
  function reportedByList(box, detail, current) {
    clear(box);
    for (const r of detail.reported_by || []) {
      const [docId, hashId] = String(r.event_id || "").split("#");
      const mine = r.document_id === current.document_id && (!hashId || hashId === current.id);
      box.appendChild(el("li", { "data-outlet": r.outlet || "", class: mine ? "this-report" : null },
        bdi(r.outlet || "—"), " · ", docLink(r.document_id || docId, r.title || r.document_id || docId),
        r.published ? [" · ", el("span", { dir: "ltr" }, r.published)] : "", mine ? " (هذا التقرير)" : ""));
    }
    if (!(detail.reported_by || []).length) box.appendChild(el("li", { class: "none" }, "—"));
  }

  function storyText(story) {
    if (!story) return "";
    return `(قصة فيها ${story.size} مقال من ${(story.outlets || []).length} وسيلة)`;
  }

  async function loadReviewPanel() {
    const { doc, id } = reviewState;
    const [detail, history] = await Promise.all([
      api("events/" + encodeURIComponent(doc) + "/" + encodeURIComponent(id)),
      api("events/" + encodeURIComponent(doc) + "/" + encodeURIComponent(id) + "/reviews"),
    ]);
    reviewState.ev = detail;
    const summary = $("review-summary");
    clear(summary);
    summary.appendChild(el("p", {}, bdi(detail.type || "—"), " · ", el("span", { class: "status status-" + String(detail.status || "").replace(/[^a-z]/g, "") }, detail.status || "—"),
      " ", reviewBadge(detail), " · ", docLink(detail.document_id, detail.title || detail.document_id)));
    if (detail.trigger && detail.trigger.text) summary.appendChild(el("p", { class: "hint" }, "الكلمة: ", bdi(detail.trigger.text)));
    const form = $("review-form");
    form.elements.actor.value = detail.actor_name || "";
    form.elements.target.value = detail.target_name || "";
    form.elements.place.value = (detail.place && detail.place.name) || "";
    form.elements.note.value = "";
    fillChoice(form.elements.type, reviewChoices.type || [], detail.type || "");
    fillChoice(form.elements.status, reviewChoices.status || [], detail.status || "");
    $("review-story").textContent = storyText(detail.story);
    reportedByList($("review-reported"), detail, detail);
    toldByList($("review-told"), detail);
    const list = $("review-history");
    clear(list);
    for (const entry of history.items || []) list.appendChild(historyEntry(entry));
    if (!(history.items || []).length) list.appendChild(el("li", { class: "none" }, "لم يُراجع بعد."));
    list.setAttribute("data-total", history.total || 0);
  }

  async function openReview(docId, itemId) {
    if (!docId || !itemId) return;
    reviewState.doc = docId;
    reviewState.id = itemId;
    const panel = $("review-panel");
    panel.hidden = false;
    panel.removeAttribute("data-ready");
    reviewNotice(null, "");
    try {
      await loadReviewChoices();
      showReviewAuth();
      await loadReviewPanel();
    } catch (e) {
      reviewNotice("error", "تعذر تحميل الحدث: " + errorText(e));
    }
    panel.setAttribute("data-ready", "1");
    $("review-close").focus();
  }

  function closeReview() {
    $("review-panel").hidden = true;
    reviewState.doc = reviewState.id = reviewState.ev = null;
  }

  // The corrections the form holds: only the fields whose value differs from the event's.
  function formCorrections() {
    const form = $("review-form");
    const ev = reviewState.ev || {};
    const current = { actor: ev.actor_name || "", target: ev.target_name || "", place: (ev.place && ev.place.name) || "",
      type: ev.type || "", status: ev.status || "" };
    const out = {};
    for (const field of Object.keys(current)) {
      const value = form.elements[field].value.trim();
      if (value === current[field]) continue;
      if ((field === "type" || field === "status") && !value) continue;
      out[field] = value || null;
    }
    return out;
  }

  async function sendReview(payload) {
    const token = sessionGet(TOKEN_KEY), reviewer = sessionGet(REVIEWER_KEY);
    if (!token || !reviewer) { showReviewAuth(); reviewNotice("error", "أدخل الرمز واسم المراجِع أولاً."); return; }
    const note = $("review-form").elements.note.value.trim();
    const body = { ...payload, reviewer: reviewer };
    if (note) body.note = note;
    const path = "events/" + encodeURIComponent(reviewState.doc) + "/" + encodeURIComponent(reviewState.id) + "/review";
    const panel = $("review-panel");
    panel.removeAttribute("data-ready");
    try {
      const entry = await apiPost(path, body, token);
      await loadReviewPanel();
      reviewNotice("done", `حُفظت المراجعة رقم ${entry.id}.`);
      route(true);
    } catch (e) {
      // A refused token is forgotten, so the next attempt asks for it again.
      if (e.status === 401) { sessionSet(TOKEN_KEY, ""); showReviewAuth(); }
      reviewNotice("error", errorText(e));
    }
    panel.setAttribute("data-ready", "1");
  }

  function initReview() {
    $("review-close").addEventListener("click", closeReview);
    document.addEventListener("keydown", (event) => { if (event.key === "Escape" && !$("review-panel").hidden) closeReview(); });
    $("review-auth").addEventListener("submit", (event) => {
      event.preventDefault();
      const token = $("review-token").value.trim(), reviewer = $("review-reviewer").value.trim();
      if (token.length < 16 || !reviewer) { reviewNotice("error", "الرمز 16 حرفاً على الأقل، واسم المراجِع مطلوب."); return; }
      sessionSet(TOKEN_KEY, token);
      sessionSet(REVIEWER_KEY, reviewer);
      $("review-token").value = "";
      reviewNotice(null, "");
      showReviewAuth();
    });
    $("review-forget").addEventListener("click", () => { sessionSet(TOKEN_KEY, ""); showReviewAuth(); });
    $("review-right").addEventListener("click", () => sendReview({ verdict: "right" }));
    $("review-wrong").addEventListener("click", () => sendReview({ verdict: "wrong" }));
    $("review-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const corrections = formCorrections();
      if (!Object.keys(corrections).length) { reviewNotice("error", "لم يتغير شيء: عدّل حقلاً أو اختر صحيح/خطأ."); return; }
      sendReview({ corrections: corrections });
    });
  }

  // The document page: each event's review state and the outlets that report it.
  async function fillEventDetails(doc) {
    const items = [...document.querySelectorAll("#doc-events > li[data-id]")].slice(0, 100);
    await Promise.all(items.map(async (item) => {
      let detail;
      try {
        detail = await api("events/" + encodeURIComponent(doc.id) + "/" + encodeURIComponent(item.getAttribute("data-id")));
      } catch (e) {
        return;
      }
      const state = item.querySelector(".ev-review-state");
      clear(state);
      appendChild(state, reviewBadge(detail));
      if (detail.reviewed) {
        const changed = [];
        const fields = { actor: detail.actor_name, target: detail.target_name, place: detail.place && detail.place.name, type: detail.type, status: detail.status };
        for (const [key, value] of Object.entries(fields)) changed.push(el("span", { class: "reviewed-value" }, FIELD_LABEL[key] + ": ", value ? bdi(value) : "—"));
        appendChild(state, el("span", { class: "reviewed-values" }, "بعد المراجعة: ", changed.flatMap((c, n) => (n ? ["، ", c] : [c]))));
      }
      const reported = item.querySelector(".ev-reported");
      clear(reported);
      if ((detail.reported_by || []).length) {
        const list = el("ul", { class: "plain reported-by" });
        reportedByList(list, detail, detail);
        reported.appendChild(el("div", { class: "reported-head" }, "نقله: ", el("small", {}, storyText(detail.story))));
        reported.appendChild(list);
      }
      const told = el("ul", { class: "plain told-by-list" });
      if (detail.told_by && toldByList(told, detail)) {
        reported.appendChild(el("div", { class: "told-head" }, `رواه أيضاً بصياغة أخرى (${detail.told_by.outlets} وسائل): `));
        reported.appendChild(told);
      }
    }));
  }

  // ---- sources: articles and events per outlet over time ----------------------------
  const SOURCE_COLOURS = ["#1f618d", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7d6608", "#34495e"];

  // Every period from the first to the last (days or months), so a quiet stretch shows as zero
  // instead of being skipped; a span too long to draw point by point keeps the periods that have articles.
  function periodRange(periods, by) {
    if (!periods.length) return [];
    const parse = (p) => { const [y, m, d] = p.split("-").map(Number); return new Date(Date.UTC(y, (m || 1) - 1, d || 1)); };
    const first = parse(periods[0]), last = parse(periods[periods.length - 1]);
    const out = [];
    for (let t = first; t <= last && out.length <= 2000; ) {
      out.push(by === "day" ? t.toISOString().slice(0, 10) : t.toISOString().slice(0, 7));
      t = by === "day" ? new Date(t.getTime() + 86400000) : new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));
    }
    return out.length > 2000 ? periods : out;
  }

  function drawSourcesChart(data) {
    const chart = $("sources-chart");
    clear(chart);
    const legend = $("sources-legend");
    clear(legend);
    const W = 900, H = 260, left = 44, right = 44, top = 14, bottom = 28;
    chart.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const periods = periodRange([...new Set((data.series || []).map((s) => s.period))].sort(), data.by);
    const shown = (data.sources || []).slice(0, SOURCE_COLOURS.length);
    if (!periods.length || !shown.length) {
      const empty = svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" });
      empty.textContent = "لا مقالات";
      chart.appendChild(empty);
      return;
    }
    // Articles on the left scale (solid lines), event reports on the right one (dashed).
    const maxOf = (key) => Math.max(1, ...(data.series || []).map((s) => s[key]));
    const max = { documents: maxOf("documents"), events: maxOf("events") };
    const x = (i) => left + (periods.length === 1 ? (W - left - right) / 2 : (i * (W - left - right)) / (periods.length - 1));
    const y = (v, kind) => H - bottom - (v * (H - top - bottom)) / max[kind];
    chart.appendChild(svg("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, class: "axis" }));
    chart.appendChild(svg("line", { x1: left, x2: left, y1: top, y2: H - bottom, class: "axis" }));
    chart.appendChild(svg("line", { x1: W - right, x2: W - right, y1: top, y2: H - bottom, class: "axis", "stroke-dasharray": "4 2" }));
    const tick = (tx, ty, text, anchor) => { const t = svg("text", { x: tx, y: ty, "text-anchor": anchor, class: "tick" }); t.textContent = text; chart.appendChild(t); };
    tick(left - 4, top + 4, String(max.documents), "end");
    tick(left - 4, H - bottom + 4, "0", "end");
    tick(W - right + 4, top + 4, String(max.events), "start");
    tick(W - right + 4, H - bottom + 4, "0", "start");
    const step = Math.max(1, Math.ceil(periods.length / 8));
    periods.forEach((p, i) => { if (i % step === 0 || i === periods.length - 1) tick(x(i), H - 8, p, "middle"); });
    shown.forEach((source, n) => {
      const colour = SOURCE_COLOURS[n];
      const rows = new Map((data.series || []).filter((s) => s.source === source.name).map((s) => [s.period, s]));
      for (const kind of ["events", "documents"]) {
        const points = periods.map((p, i) => [x(i), y(rows.has(p) ? rows.get(p)[kind] : 0, kind)]);
        const line = svg("polyline", { points: points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(" "), fill: "none", stroke: colour,
          "stroke-width": kind === "documents" ? 2.5 : 1.5, "stroke-dasharray": kind === "events" ? "5 3" : "none", class: "series " + kind, "data-outlet": source.name });
        const title = svg("title", {});
        title.textContent = `${isolated(source.name)}: ${kind === "documents" ? "مقالات" : "تقارير"}`;
        line.appendChild(title);
        chart.appendChild(line);
        periods.forEach((p, i) => {
          if (!rows.has(p) || !rows.get(p)[kind]) return;
          const dot = svg("circle", { cx: points[i][0].toFixed(1), cy: points[i][1].toFixed(1), r: kind === "documents" ? 3.5 : 2.5, fill: colour });
          const tip = svg("title", {});
          tip.textContent = `${isolated(source.name)} · ${p}: ${rows.get(p)[kind]} ${kind === "documents" ? "مقال" : "تقرير"}`;
          dot.appendChild(tip);
          chart.appendChild(dot);
        });
      }
      const swatch = el("span", { class: "swatch" });
      swatch.style.backgroundColor = colour;
      legend.appendChild(el("li", {}, swatch, el("a", { href: hashLink("/", { source: source.name }), dir: "auto" }, source.name)));
    });
  }

  async function showSources(params) {
    showView("sources");
    const by = params.get("by") === "day" ? "day" : "month";
    $("sources-by-month").classList.toggle("chosen", by === "month");
    $("sources-by-day").classList.toggle("chosen", by === "day");
    const body = $("sources-table").tBodies[0];
    clear(body);
    try {
      const data = await api("sources", { by: by });
      showMessage("");
      drawSourcesChart(data);
      for (const s of data.sources || []) {
        const link = el("a", { href: hashLink("/", { source: s.name }), dir: "auto", class: "outlet-link", title: "أحداث هذه الوسيلة" }, s.name);
        body.appendChild(el("tr", { "data-outlet": s.name, "data-documents": s.documents, "data-events": s.events },
          el("td", { "data-label": "الوسيلة" }, link),
          el("td", { "data-label": "المقالات" }, String(s.documents)),
          el("td", { "data-label": "التقارير" }, String(s.events)),
          el("td", { "data-label": "أول نشر" }, el("span", { dir: "ltr" }, s.first || "—")),
          el("td", { "data-label": "آخر نشر" }, el("span", { dir: "ltr" }, s.last || "—"))));
      }
      $("sources-count").textContent = `(${(data.sources || []).length} وسيلة)`;
      if (!(data.sources || []).length) showMessage("لا مقالات بعد.");
    } catch (e) {
      showMessage("تعذر تحميل المصادر: " + e.message);
    }
  }

  // ---- quotes: who said what, across the documents ------------------------------------
  // ingested_since: the quotes of the articles stored since that moment, as on the events view.
  const QUOTE_FILTERS = ["speaker", "q", "source", "since", "until", "ingested_since", "min_confidence"];

  function quoteFiltersFromForm() {
    return formValues("quotes-filters", QUOTE_FILTERS);
  }

  // One row per quote: the article's day, the speaker (as written, the canonical name as a tooltip,
  // and a link to the events this speaker claims), the words as written, direct or indirect, the
  // speaker model's confidence, and the article.
  function quoteRow(item) {
    const name = item.speaker_canonical || item.speaker;
    const speaker = name
      ? el("span", { class: "quote-speaker" }, bdi(item.speaker || name, { title: isolated(name) }), " ",
        el("a", { href: hashLink("/", { claimed_by: name }), class: "claims-link", title: "الأحداث بحسب هذا المتحدث" }, "أحداثه"))
      : "—";
    const cells = [
      el("span", { dir: "ltr" }, String(item.published || "—").slice(0, 10)),
      speaker,
      bdi(item.text || "", { class: "quote-text" }),
      item.direct ? "مباشر" : "غير مباشر",
      typeof item.speaker_confidence === "number" ? item.speaker_confidence.toFixed(2) : "—",
      el("span", { class: "quote-doc" }, docLink(item.document_id, item.title || item.document_id),
        item.outlet ? [" · ", bdi(item.outlet)] : ""),
    ];
    const labels = ["التاريخ", "المتحدث", "الاقتباس", "النوع", "الثقة", "المقال"];
    return el("tr", { "data-document": item.document_id, "data-quote": item.id },
      cells.map((cell, i) => el("td", { "data-label": labels[i] }, cell)));
  }

  async function showQuotes(params) {
    const run = routeRun;
    showView("quotes");
    const form = $("quotes-filters");
    const filters = {};
    for (const name of QUOTE_FILTERS) {
      form.elements[name].value = params.get(name) || "";
      if (params.get(name)) filters[name] = params.get(name);
    }
    const body = $("quotes-table").tBodies[0];
    clear(body);
    clear($("quotes-pager"));
    $("quotes-count").textContent = "";
    const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    try {
      const page = await api("quotes", { ...filters, limit: PAGE, offset: offset });
      if (run !== routeRun) return;
      for (const item of page.items) body.appendChild(quoteRow(item));
      $("quotes-count").setAttribute("data-total", page.total);
      $("quotes-count").textContent = `(${page.total} اقتباس)`;
      drawPager($("quotes-pager"), "/quotes", filters, offset, page.total);
      showMessage(page.total ? "" : "لا اقتباسات مطابقة لهذه المرشحات.");
    } catch (e) {
      if (run !== routeRun) return;
      showMessage("تعذر تحميل الاقتباسات: " + errorText(e));
    }
  }

  // ---- routing ------------------------------------------------------------------
  function dispatch(parts, params) {
    if (parts[0] === "doc" && parts[1]) return showDocument(parts[1], params);
    if (parts[0] === "place" && parts[1]) return showPlace(parts[1]);
    if (parts[0] === "entity" && parts[1]) return showEntity(parts[1], params);
    if (parts[0] === "sources") return showSources(params);
    if (parts[0] === "quotes") return showQuotes(params);
    if (LISTS[parts[0]]) return showList(parts[0], params);
    return showDashboard(params);
  }

  // body[data-ready] is set once a view has finished drawing (tests and
  // screenshots wait for it instead of guessing).
  function route(keepScroll) {
    const raw = window.location.hash.replace(/^#/, "") || "/";
    const [path, query] = raw.split("?");
    const params = new URLSearchParams(query || "");
    const parts = path.split("/").filter(Boolean).map((p) => { try { return decodeURIComponent(p); } catch (e) { return p; } });
    if (keepScroll !== true) window.scrollTo(0, 0);
    routeRun += 1;
    document.body.removeAttribute("data-ready");
    return Promise.resolve(dispatch(parts, params)).finally(() => document.body.setAttribute("data-ready", "1"));
  }

  function init() {
    $("filters").addEventListener("submit", (event) => {
      event.preventDefault();
      window.location.hash = hashLink("/", filtersFromForm());
    });
    for (const name of ["type", "status", "source"]) {
      $("filters").elements[name].addEventListener("change", () => { window.location.hash = hashLink("/", filtersFromForm()); });
    }
    $("map-all").addEventListener("change", () => { if (lastSummary) drawMap(lastSummary); });
    initMapControls();
    initTimelineControls();
    initReview();
    $("map-mentions").addEventListener("change", route);
    $("f-reset").addEventListener("click", () => { window.location.hash = "#/"; });
    $("search-form").addEventListener("submit", (event) => {
      event.preventDefault();
      window.location.hash = hashLink("/search", { q: $("search-q").value.trim() });
    });
    $("quotes-filters").addEventListener("submit", (event) => {
      event.preventDefault();
      window.location.hash = hashLink("/quotes", quoteFiltersFromForm());
    });
    $("list-filter").addEventListener("submit", (event) => {
      event.preventDefault();
      window.location.hash = hashLink("/" + $("list-filter").dataset.kind, { q: $("list-q").value.trim() });
    });
    window.addEventListener("hashchange", route);
    loadStats().then(route);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
