// sitrep's search page: plain DOM code, no framework, nothing loaded from elsewhere. The events
// view and its map live in events.js and map.js, loaded before this file.
// Highlights arrive HTML-escaped by Elasticsearch with <mark> tags, so only they use innerHTML.
"use strict";

const FACETS = [["tags", "tag", "Tags"], ["event_types", "event_type", "Event types"],
  ["countries", "country", "Countries"], ["sources", "source", "Sources"], ["languages", "lang", "Languages"]];
// Names the language facet and each result show beside the ISO 639-1 code the pipeline detected.
const LANGUAGES = { en: "English", fr: "Français", es: "Español", ar: "العربية", ru: "Русский", uk: "Українська" };
const COLOURS = ["#c0392b", "#2874a6", "#d68910", "#239b56", "#7d3c98", "#566573"];
const SVG = "http://www.w3.org/2000/svg";
const state = { filters: {}, cursor: null };
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

function svgEl(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function params(withPaging) {
  const p = new URLSearchParams({ q: $("q").value });
  for (const [name, values] of Object.entries(state.filters)) values.forEach((v) => p.append(name, v));
  if ($("recency").checked) p.set("recency", "7d");
  if (withPaging) {
    p.set("sort", $("sort").value);
    if (state.cursor) p.set("cursor", state.cursor);
  }
  return p;
}

async function call(path, p) {
  const key = $("api-key").value.trim();
  sessionStorage.setItem("sitrep-key", key);
  const response = await fetch(`${path}?${p}`, { headers: { "X-API-Key": key } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : `HTTP ${response.status}`);
  return body;
}

function showError(message) {
  $("error").hidden = !message;
  $("error").textContent = message || "";
}

async function run(append) {
  if (!append) state.cursor = null;
  showError("");
  try {
    const [page, facets] = await Promise.all([
      call("/search", params(true)), append ? null : call("/facets", params(false))]);
    renderResults(page, append);
    if (facets) { renderFacets(facets); renderTimeline(facets.timeline); }
    renderActive();
    if (!append) EventsView.load(state.filters);
  } catch (err) {
    showError(err.message);
  }
}

function renderResults(page, append) {
  const list = $("results");
  if (!append) list.replaceChildren();
  $("summary").textContent = `${page.total_stories} stories, ${page.total_articles} articles`
    + (page.timed_out ? " (partial: the search timed out)" : "");
  page.results.forEach((row) => list.append(resultItem(row)));
  state.cursor = page.next_cursor;
  $("more").hidden = !page.next_cursor;
}

function languageName(code) {
  return LANGUAGES[code] ? `${code} · ${LANGUAGES[code]}` : code;
}

// Title and snippets carry the article's language and dir="auto": Arabic reads right to left
// and gets its own font stack (app.css), whatever the page's language.
function resultItem(row) {
  const item = el("li", { class: "result", "data-id": row.id, "data-lang": row.language || "" });
  const text = row.language ? { dir: "auto", lang: row.language } : { dir: "auto" };
  const heading = el("h3", text);
  const link = el("a", { href: row.url, rel: "noopener noreferrer" });
  if (row.title_html) link.innerHTML = row.title_html; else link.textContent = row.title;
  heading.append(link);
  const parts = [row.source, (row.published || "").slice(0, 10)];
  if (row.more_outlets) parts.push(`and ${row.more_outlets} more outlet${row.more_outlets > 1 ? "s" : ""}`);
  const meta = el("div", { class: "meta" }, parts.filter(Boolean).join(" · "));
  if (row.language) meta.append(el("span", { class: "lang", title: languageName(row.language) }, row.language));
  item.append(heading, meta);
  const snippets = row.snippets.length ? row.snippets : [row.lead || ""];
  snippets.forEach((html) => {
    const p = el("p", { class: "snippet", ...text });
    if (row.snippets.length) p.innerHTML = html; else p.textContent = html;
    item.append(p);
  });
  const tags = el("div", { class: "tags" });
  (row.tags || []).forEach((tag) => {
    const chip = el("button", { type: "button", class: "tag" }, tag);
    chip.addEventListener("click", () => toggle("tag", tag));
    tags.append(chip);
  });
  item.append(tags);
  return item;
}

function toggle(name, value) {
  const values = state.filters[name] || [];
  state.filters[name] = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  run(false);
}

function renderFacets(facets) {
  const aside = $("facets");
  aside.replaceChildren();
  for (const [key, param, label] of FACETS) {
    if (!facets[key].length) continue;
    const group = el("div", { class: "facet", "data-facet": param });
    group.append(el("h3", {}, label));
    facets[key].forEach(({ value, count }) => {
      // <bdi>: a value in Arabic script keeps its own direction without reordering the count.
      const button = el("button", { type: "button", "data-value": value });
      button.append(el("bdi", {}, param === "lang" ? languageName(value) : value),
        el("span", { class: "count" }, String(count)));
      button.addEventListener("click", () => toggle(param, value));
      group.append(button);
    });
    aside.append(group);
  }
}

function renderActive() {
  const box = $("active");
  box.replaceChildren();
  for (const [name, values] of Object.entries(state.filters)) {
    values.forEach((value) => {
      const chip = el("button", { type: "button", title: "remove filter" }, `${name}: ${value} ×`);
      chip.addEventListener("click", () => toggle(name, value));
      box.append(chip);
    });
  }
}

function renderTimeline(timeline) {
  const svg = $("timeline"), legend = $("legend");
  svg.replaceChildren(); legend.replaceChildren();
  const series = Object.entries(timeline);
  const days = [...new Set(series.flatMap(([, points]) => points.map((p) => p.day)))].sort();
  if (!days.length) return;
  const t0 = Date.parse(days[0]), span = Math.max(Date.parse(days[days.length - 1]) - t0, 864e5);
  const top = Math.max(...series.flatMap(([, points]) => points.map((p) => p.count)));
  const x = (day) => 20 + (Date.parse(day) - t0) / span * 330, y = (n) => 165 - n / top * 150;
  svg.append(svgEl("line", { class: "axis", x1: 20, y1: 165, x2: 350, y2: 165 }));
  svg.append(Object.assign(svgEl("text", { x: 20, y: 177 }), { textContent: days[0] }));
  svg.append(Object.assign(svgEl("text", { x: 300, y: 177 }), { textContent: days[days.length - 1] }));
  svg.append(Object.assign(svgEl("text", { x: 2, y: 18 }), { textContent: String(top) }));
  series.forEach(([tag, points], i) => {
    const colour = COLOURS[i % COLOURS.length];
    const byDay = Object.fromEntries(points.map((p) => [p.day, p.count]));
    const coords = days.map((d) => `${x(d).toFixed(1)},${y(byDay[d] || 0).toFixed(1)}`).join(" ");
    svg.append(svgEl("polyline", { points: coords, fill: "none", stroke: colour, "stroke-width": 1.2 }));
    points.forEach((p) => svg.append(svgEl("circle", { cx: x(p.day), cy: y(p.count), r: 1.8, fill: colour })));
    const key = el("span", {}, `■ ${tag}`);
    key.style.color = colour;
    legend.append(key);
  });
}

$("api-key").value = sessionStorage.getItem("sitrep-key") || "";
$("search-form").addEventListener("submit", (event) => { event.preventDefault(); run(false); });
$("more").addEventListener("click", () => run(true));
$("tab-reports").addEventListener("click", () => EventsView.showView("reports"));
$("tab-events").addEventListener("click", () => EventsView.showView("events"));
