// The page's events view: one row per real-world event (GET /events, narrowed by the tag, event
// type and country filters), the same events on the map, and an event's reports (GET /events/{id})
// each linking to its article. Uses el, call, $ and languageName from app.js.
"use strict";

const EventsView = (() => {
  const LIMIT = 100;
  const COLUMNS = ["Date", "Type", "Place", "Country", "Deaths", "Reports", "Outlets", "Languages"];
  let ready = null;

  // Facet parameters GET /events understands; source and language narrow reports only.
  function eventParams(filters) {
    const p = new URLSearchParams({ limit: String(LIMIT) });
    for (const name of ["tag", "event_type", "country"]) (filters[name] || []).forEach((v) => p.append(name, v));
    return p;
  }

  async function load(filters) {
    if (!ready) ready = EventMap.init($("event-map"), open);
    $("events-summary").textContent = "Loading events…";
    try {
      const body = await call("/events", eventParams(filters));
      await ready;
      render(body);
    } catch (err) {
      $("events-summary").textContent = `Events unavailable: ${err.message}`;
      $("events").replaceChildren();
      EventMap.show([]);
    }
  }

  function render(body) {
    const unplaced = EventMap.show(body.events);
    const shown = body.total > body.count ? `the latest ${body.count} of ${body.total} events` : `${body.count} events`;
    $("events-summary").textContent = `${shown} (tag, event type and country filters apply; the query text does not)`
      + (unplaced ? `; ${unplaced} without a map point` : "");
    $("events-count").textContent = String(body.total);
    const table = $("events");
    table.replaceChildren();
    const head = el("tr");
    COLUMNS.forEach((name) => head.append(el("th", { scope: "col" }, name)));
    table.append(el("thead"), el("tbody"));
    table.tHead.append(head);
    body.events.forEach((event) => table.tBodies[0].append(row(event)));
  }

  function deaths(event) {
    if (event.fatalities == null) return "–";
    const range = event.fatalities_min != null && event.fatalities_max != null && event.fatalities_min !== event.fatalities_max
      ? ` (${event.fatalities_min}–${event.fatalities_max})` : "";
    return `${event.fatalities}${range}`;
  }

  const count = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;

  function row(event) {
    const tr = el("tr", { "data-id": event.id, tabindex: 0, title: event.title || "" });
    const type = el("td", { class: "type" });
    const swatch = el("i");
    swatch.style.background = EventMap.colour(event.event_type);
    type.append(swatch, EventMap.typeName(event.event_type));
    const location = event.location || {};
    const outlets = el("td", { class: "num", title: (event.outlets || []).join(", ") }, String((event.outlets || []).length));
    tr.append(el("td", {}, event.event_date || ""), type, el("td", { dir: "auto" }, location.name || ""),
      el("td", {}, location.country || (event.countries || []).join(" ")), el("td", { class: "num" }, deaths(event)),
      el("td", { class: "num" }, String(event.report_count || 0)), outlets,
      el("td", {}, (event.languages || []).join(" ")));
    tr.addEventListener("click", () => open(event.id));
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(event.id); });
    return tr;
  }

  async function open(id) {
    showView("events");
    EventMap.select(id);
    document.querySelectorAll("#events tr.selected").forEach((tr) => tr.classList.remove("selected"));
    const tr = document.querySelector(`#events tr[data-id="${CSS.escape(id)}"]`);
    if (tr) tr.classList.add("selected");
    const box = $("event-detail");
    box.hidden = false;
    box.replaceChildren(el("p", {}, "Loading the event's reports…"));
    try {
      renderDetail(await call(`/events/${encodeURIComponent(id)}`, new URLSearchParams()));
    } catch (err) {
      box.replaceChildren(el("p", { class: "error" }, `Event unavailable: ${err.message}`));
    }
    box.scrollIntoView({ block: "nearest" });
  }

  function renderDetail(event) {
    const box = $("event-detail");
    box.dataset.id = event.id;
    const close = el("button", { type: "button", class: "close", title: "close" }, "×");
    close.addEventListener("click", () => { box.hidden = true; EventMap.select(null); });
    const location = event.location || {};
    const where = [location.name, location.country].filter(Boolean).join(", ");
    const heading = el("h3", {}, `${EventMap.typeName(event.event_type)} · ${where || "unplaced"} · ${event.event_date}`);
    const basis = event.fatalities_basis ? ` (${event.fatalities_basis.replace(/_/g, " ")})` : "";
    const facts = [`deaths: ${deaths(event)}${basis}`, `${count(event.report_count || 0, "report")} from `
      + `${count((event.outlets || []).length, "outlet")} in ${count((event.languages || []).length, "language")}`];
    if ((event.actors || []).length) facts.push(`actors: ${event.actors.join(", ")}`);
    if ((event.tags || []).length) facts.push(`tags: ${event.tags.join(", ")}`);
    const reports = el("ol", { class: "reports" });
    (event.reports || []).forEach((report) => reports.append(reportItem(report)));
    box.replaceChildren(close, heading, el("p", { class: "meta" }, facts.join(" · ")), reports);
  }

  function reportItem(report) {
    const text = report.language ? { dir: "auto", lang: report.language } : { dir: "auto" };
    const item = el("li", { "data-article": report.article_id, "data-lang": report.language || "" });
    const link = el("a", { href: report.url || "#", rel: "noopener noreferrer", ...text }, report.title || report.url || report.article_id);
    const meta = el("span", { class: "meta" },
      ` ${[report.source, (report.published || "").slice(0, 10), report.fatalities != null ? `${report.fatalities} killed` : ""]
        .filter(Boolean).join(" · ")}`);
    if (report.language) meta.append(el("span", { class: "lang", title: languageName(report.language) }, report.language));
    item.append(link, meta);
    return item;
  }

  /** Shows the reports (search results) or the events view. */
  function showView(name) {
    for (const view of ["reports", "events"]) {
      $(`view-${view}`).hidden = view !== name;
      $(`tab-${view}`).setAttribute("aria-selected", String(view === name));
    }
    if (name === "events") EventMap.redraw();
  }

  return { load, open, showView };
})();
