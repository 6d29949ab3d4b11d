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
      throw err;
    }
    return body;
  }

  function nameOf(part) {
    if (!part || typeof part !== "object") return null;
    return part.canonical || part.name || part.text || null;
  }

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
  const FILTER_NAMES = ["type", "status", "actor", "place", "country", "since", "until", "min_confidence"];

  function filtersFromForm() {
    const form = $("filters");
    const out = {};
    for (const name of FILTER_NAMES) {
      const value = form.elements[name].value.trim();
      if (value) out[name] = value;
    }
    return out;
  }

  function filtersToForm(params) {
    const form = $("filters");
    for (const name of FILTER_NAMES) form.elements[name].value = params.get(name) || "";
  }

  async function showDashboard(params) {
    showView("dashboard");
    filtersToForm(params);
    const filters = {};
    for (const name of FILTER_NAMES) if (params.get(name)) filters[name] = params.get(name);
    const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    try {
      const [summary, events] = await Promise.all([
        api("events/summary", filters),
        api("events", { ...filters, limit: PAGE, offset: offset }),
      ]);
      await drawMap(await mapSummary(filters, summary));
      drawTimeline(summary);
      fillEventsTable($("events-table"), events.items, true);
      $("events-count").textContent = `(${events.total})`;
      drawPager($("events-pager"), "/", { ...filters }, offset, events.total);
      showMessage(events.total ? "" : "لا أحداث مطابقة لهذه المرشحات.");
    } catch (e) {
      showMessage("تعذر تحميل الأحداث: " + e.message);
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

  // How often the article mentions the event (its trigger plus the merged re-mentions); shown when more than once.
  function mentionsBadge(count) {
    if (!Number.isInteger(count) || count < 2) return null;
    return el("span", { class: "mentions", title: `ذُكر الحدث ${count} مرات في المقال`, "data-mentions": count }, `×${count}`);
  }

  function eventRow(ev, withPlace) {
    const row = el("tr", { "data-type": ev.type || "", "data-status": ev.status || "" });
    const typeCell = el("td", {}, el("span", { class: "swatch", "data-type": ev.type || "" }), bdi(ev.type || "—"));
    typeCell.firstChild.style.backgroundColor = typeColour(ev.type);
    row.appendChild(el("td", { dir: "ltr" }, ev.day || "—"));
    row.appendChild(typeCell);
    row.appendChild(el("td", {}, el("span", { class: "status status-" + String(ev.status || "unknown").replace(/[^a-z]/g, "") }, ev.status || "—")));
    row.appendChild(el("td", { class: "confidence-cell" }, confidenceBadge(ev.confidence)));
    row.appendChild(el("td", {}, entityLink(ev.actor_name)));
    row.appendChild(el("td", {}, entityLink(ev.target_name)));
    if (withPlace) {
      row.appendChild(el("td", {}, placeLink(ev.place)));
      row.appendChild(el("td", {}, bdi(ev.source_name || "—")));
    }
    const link = el("a", { href: hashLink("/doc/" + encodeURIComponent(ev.doc_id), { event: Number.isInteger(ev.index) ? String(ev.index) : "" }), class: "doc-link", dir: "auto" }, ev.title || ev.doc_id);
    row.appendChild(el("td", {}, link, mentionsBadge(ev.mentions)));
    return row;
  }

  function fillEventsTable(table, items, withPlace) {
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
      shown = places.filter((p) => Math.abs(p.lon - cx) <= 10 && Math.abs(p.lat - cy) <= 8);
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
    return {
      west: cx - half, east: cx + half,
      south: Math.max(-85, cy - half * 0.8), north: Math.min(85, cy + half * 0.8),
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

  async function drawMap(summary) {
    lastSummary = summary;
    const map = $("map");
    const places = (summary.places || []).filter((p) => typeof p.lat === "number" && typeof p.lon === "number");
    const view = viewFor(places, $("map-all").checked);
    const world = await loadWorld().catch(() => null);
    clear(map);
    const k = Math.cos(((view.north + view.south) / 2) * Math.PI / 180);
    const project = (lon, lat) => [(lon - view.west) * k * 100, (view.north - lat) * 100];
    const [width, height] = project(view.east, view.south);
    map.setAttribute("viewBox", `0 0 ${width.toFixed(1)} ${height.toFixed(1)}`);
    map.setAttribute("preserveAspectRatio", "xMidYMid meet");
    map.appendChild(svg("rect", { x: 0, y: 0, width: width, height: height, class: "sea" }));
    const borders = svg("g", { class: "countries" });
    if (world) {
      for (const feature of world) {
        if (!feature.geometry || !bboxIntersects(feature.geometry, view)) continue;
        const path = svg("path", { d: featurePath(feature.geometry, project), class: "country", "vector-effect": "non-scaling-stroke" });
        const title = svg("title", {});
        title.textContent = isolated((feature.properties && feature.properties.name) || "");
        path.appendChild(title);
        borders.appendChild(path);
      }
    }
    map.appendChild(borders);
    const maxCount = Math.max(1, ...places.map((p) => p.count));
    const unit = Math.min(width, height);
    const markers = svg("g", { class: "markers" });
    const placedLabels = [];
    // Biggest first, so small markers stay clickable on top.
    for (const p of [...places].sort((a, b) => b.count - a.count)) {
      const types = Object.entries(p.types || {}).sort((a, b) => b[1] - a[1]);
      const main = types.length ? types[0][0] : "other";
      const [x, y] = project(p.lon, p.lat);
      const r = unit * (0.012 + 0.035 * Math.sqrt(p.count / maxCount));
      const link = svg("a", { href: hashLink("/place/" + encodeURIComponent(p.id || p.name)), class: "marker-link" });
      const circle = svg("circle", {
        cx: x.toFixed(2), cy: y.toFixed(2), r: r.toFixed(2), fill: typeColour(main), class: "marker",
        "data-place": p.name || "", "data-place-id": p.id || "", "data-count": p.count,
        "data-lat": p.lat, "data-lon": p.lon, "data-type": main, "vector-effect": "non-scaling-stroke",
      });
      const title = svg("title", {});
      title.textContent = `${isolated(p.name || p.id)}: ${p.count} — ` + types.map(([t, n]) => `${isolated(t)} ${n}`).join("، ");
      circle.appendChild(title);
      link.appendChild(circle);
      // Label a marker only where its label does not cover another label (biggest places first).
      const size = unit * 0.03;
      const box = { x: x + r * 1.2, y: y - size * 0.6, w: String(p.name || "").length * size * 0.55, h: size * 1.2 };
      if (!placedLabels.some((b) => b.x < box.x + box.w && box.x < b.x + b.w && b.y < box.y + box.h && box.y < b.y + b.h)) {
        placedLabels.push(box);
        const label = svg("text", { x: box.x.toFixed(2), y: (y + r * 0.4).toFixed(2), class: "marker-label", "font-size": size.toFixed(2) });
        label.textContent = isolated(p.name || "");
        link.appendChild(label);
      }
      markers.appendChild(link);
    }
    map.appendChild(markers);
    const legend = $("map-legend");
    clear(legend);
    for (const type of Object.keys(summary.types || {})) {
      const swatch = el("span", { class: "swatch" });
      swatch.style.backgroundColor = typeColour(type);
      legend.appendChild(el("li", {}, swatch, `${type} (${summary.types[type]})`));
    }
  }

  function addDays(day, n) {
    const d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function drawTimeline(summary) {
    const chart = $("timeline");
    clear(chart);
    const rows = summary.days || [];
    const W = 800, H = 220, left = 36, bottom = 28, top = 10;
    chart.setAttribute("viewBox", `0 0 ${W} ${H}`);
    if (!rows.length) {
      const t = svg("text", { x: W / 2, y: H / 2, class: "empty", "text-anchor": "middle" });
      t.textContent = "لا بيانات زمنية";
      chart.appendChild(t);
      return;
    }
    // Long ranges are drawn per month so bars stay visible.
    const first = rows[0].day, last = rows[rows.length - 1].day;
    const spanDays = Math.round((Date.parse(last) - Date.parse(first)) / 86400000) + 1;
    const byMonth = spanDays > 400;
    const bucketOf = (day) => (byMonth ? day.slice(0, 7) : day);
    const buckets = [];
    if (byMonth) {
      let [y, m] = first.slice(0, 7).split("-").map(Number);
      const end = last.slice(0, 7);
      for (;;) {
        const key = `${y}-${String(m).padStart(2, "0")}`;
        buckets.push(key);
        if (key >= end) break;
        m += 1; if (m > 12) { m = 1; y += 1; }
      }
    } else {
      for (let d = first; d <= last; d = addDays(d, 1)) buckets.push(d);
    }
    const index = new Map(buckets.map((b, i) => [b, i]));
    const stacks = buckets.map(() => []);
    for (const row of rows) stacks[index.get(bucketOf(row.day))].push(row);
    const totals = stacks.map((s) => s.reduce((a, r) => a + r.count, 0));
    const max = Math.max(1, ...totals);
    const plotW = W - left - 8, plotH = H - bottom - top;
    const bw = plotW / buckets.length;
    const barW = Math.min(40, Math.max(0.5, bw * 0.8)); // a lone day stays a bar, not a wall
    // The chart reads left to right in time, whatever the page direction.
    const g = svg("g", { direction: "ltr" });
    stacks.forEach((stack, i) => {
      let y = top + plotH;
      for (const row of stack) {
        const h = (row.count / max) * plotH;
        y -= h;
        const bar = svg("rect", {
          x: (left + i * bw + (bw - barW) / 2).toFixed(2), y: y.toFixed(2), width: barW.toFixed(2),
          height: h.toFixed(2), fill: typeColour(row.type), class: "bar", "data-day": row.day, "data-type": row.type, "data-count": row.count,
        });
        const title = svg("title", {});
        title.textContent = `${bucketOf(row.day)} · ${isolated(row.type)}: ${row.count}`;
        bar.appendChild(title);
        g.appendChild(bar);
      }
    });
    g.appendChild(svg("line", { x1: left, y1: top + plotH, x2: W - 8, y2: top + plotH, class: "axis" }));
    const ticks = Math.min(buckets.length, 6);
    for (let t = 0; t < ticks; t++) {
      const i = Math.round((t * (buckets.length - 1)) / Math.max(1, ticks - 1));
      const label = svg("text", { x: (left + i * bw + bw / 2).toFixed(2), y: H - 8, class: "tick", "text-anchor": "middle" });
      label.textContent = buckets[i];
      g.appendChild(label);
    }
    const maxLabel = svg("text", { x: left - 4, y: top + 8, class: "tick", "text-anchor": "end" });
    maxLabel.textContent = String(max);
    g.appendChild(maxLabel);
    chart.appendChild(g);
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

  function sentenceAround(text, start, end) {
    const stops = /[.!?؟\n]/;
    let a = start, b = end;
    while (a > 0 && !stops.test(text[a - 1]) && start - a < 300) a--;
    while (b < text.length && !stops.test(text[b]) && b - end < 300) b++;
    return [a, Math.min(text.length, b + 1)];
  }

  function evidenceItem(doc, ev, i) {
    const item = el("li", { "data-event": i });
    const head = el("div", { class: "ev-head" });
    const swatch = el("span", { class: "swatch" });
    swatch.style.backgroundColor = typeColour(ev.type);
    head.appendChild(swatch);
    head.appendChild(el("strong", {}, bdi(ev.type || "—")));
    if (ev.mode) head.appendChild(el("span", { class: "mode" }, " · " + ev.mode));
    head.appendChild(el("span", { class: "status status-" + String(ev.status || "").replace(/[^a-z]/g, "") }, ev.status || "—"));
    if (typeof ev.confidence === "number") head.appendChild(confidenceBadge(ev.confidence));
    appendChild(head, mentionsBadge(1 + (Array.isArray(ev.mentions) ? ev.mentions.length : 0)));
    item.appendChild(head);
    const facts = el("dl", { class: "facts" });
    const fact = (label, value) => { if (value) { facts.appendChild(el("dt", {}, label)); facts.appendChild(el("dd", {}, value)); } };
    // Each name in its own isolate, so one with bidi controls cannot reorder its neighbours.
    const each = (values, separator) => values.flatMap((v, n) => (n ? [separator, bdi(v)] : [bdi(v)]));
    fact("الفاعل", nameOf(ev.actor) ? bdi(nameOf(ev.actor)) : null);
    fact("الهدف", nameOf(ev.target) ? bdi(nameOf(ev.target)) : null);
    fact("المكان", ev.place ? placeLink(ev.place) : null);
    fact("التاريخ", ev.date ? bdi(ev.date, { dir: "ltr" }) : null);
    fact("المصدر", nameOf(ev.source) ? bdi(nameOf(ev.source)) : null);
    fact("سلسلة النقل", (ev.chain || []).length ? each(ev.chain, " ← ") : null);
    fact("أرقام", (ev.figures || []).length ? each(ev.figures.map((f) => `${f.value ?? f.count ?? ""} ${f.unit ?? f.kind ?? f.text ?? ""}`.trim()), "، ") : null);
    item.appendChild(facts);
    if (ev.trigger && Number.isInteger(ev.trigger.start)) {
      const [a, b] = sentenceAround(doc.text, ev.trigger.start, ev.trigger.end);
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
    appendChild(meta, [el("span", { dir: "ltr", "data-field": "published" }, doc.published || ""), doc.source ? [" · ", bdi(doc.source, { "data-field": "source" })] : "", " · "]);
    if (doc.url) {
      const link = externalLink(doc.url);
      link.setAttribute("data-field", "url");
      meta.appendChild(link);
    }
    appendChild(meta, " ");
    meta.appendChild(el("span", { class: "doc-id", dir: "ltr", "data-field": "id" }, doc.id));
    const legend = $("doc-legend");
    clear(legend);
    const counts = { repair: (doc.repairs || []).length, entity: (doc.entities || []).length, place: (doc.places || []).length, time: (doc.times || []).length, quote: (doc.quotes || []).length, trigger: (doc.events || []).length, boilerplate: (doc.boilerplate || []).length };
    for (const layer of LAYERS) legend.appendChild(el("li", {}, el("span", { class: "hl hl-" + layer.key }, layer.label), ` ${counts[layer.key]}`));
    renderAnnotated($("doc-text"), doc.text, annotationSpans(doc), doc.repairs || []);
    const events = $("doc-events");
    clear(events);
    (doc.events || []).forEach((ev, i) => events.appendChild(evidenceItem(doc, ev, i)));
    if (!(doc.events || []).length) events.appendChild(el("li", { class: "none" }, "لا أحداث"));
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
      quotes.appendChild(el("li", {}, el("strong", {}, bdi(nameOf(q.speaker) || "—")), ": ", el("q", {}, bdi((q.content && q.content.text) || doc.text.slice(q.start, q.end)))));
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
      row: (d) => [docLink(d.id, d.title || d.id), el("span", { dir: "ltr" }, d.published || "—"), el("bdi", { class: "snippet" }, d.snippet || "")],
    },
  };

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
    if (kind === "search" && !q) { showMessage("اكتب كلمة للبحث."); return; }
    const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    try {
      const page = await api(spec.endpoint, { q: q, limit: PAGE, offset: offset });
      for (const item of page.items) body.appendChild(el("tr", {}, spec.row(item).map((cell) => el("td", {}, cell))));
      drawPager($("list-pager"), "/" + kind, { q: q }, offset, page.total);
      showMessage(page.total ? "" : "لا نتائج.");
    } catch (e) {
      showMessage(e.message);
    }
  }

  // ---- routing ------------------------------------------------------------------
  function dispatch(parts, params) {
    if (parts[0] === "doc" && parts[1]) return showDocument(parts[1], params);
    if (parts[0] === "place" && parts[1]) return showPlace(parts[1]);
    if (parts[0] === "entity" && parts[1]) return showEntity(parts[1], params);
    if (LISTS[parts[0]]) return showList(parts[0], params);
    return showDashboard(params);
  }

  // body[data-ready] is set once a view has finished drawing (tests and
  // screenshots wait for it instead of guessing).
  function route() {
    const raw = window.location.hash.replace(/^#/, "") || "/";
    const [path, query] = raw.split("?");
    const params = new URLSearchParams(query || "");
    const parts = path.split("/").filter(Boolean).map((p) => { try { return decodeURIComponent(p); } catch (e) { return p; } });
    window.scrollTo(0, 0);
    document.body.removeAttribute("data-ready");
    return Promise.resolve(dispatch(parts, params)).finally(() => document.body.setAttribute("data-ready", "1"));
  }

  function init() {
    $("filters").addEventListener("submit", (event) => {
      event.preventDefault();
      window.location.hash = hashLink("/", filtersFromForm());
    });
    for (const name of ["type", "status"]) {
      $("filters").elements[name].addEventListener("change", () => { window.location.hash = hashLink("/", filtersFromForm()); });
    }
    $("map-all").addEventListener("change", () => { if (lastSummary) drawMap(lastSummary); });
    $("map-mentions").addEventListener("change", route);
    $("f-reset").addEventListener("click", () => { window.location.hash = "#/"; });
    $("search-form").addEventListener("submit", (event) => {
      event.preventDefault();
      window.location.hash = hashLink("/search", { q: $("search-q").value.trim() });
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
