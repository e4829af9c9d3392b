// The events map: Natural Earth's 1:110m country outlines (countries-110m.json, shipped with
// the page, see countries-110m.LICENSE.md) in an equirectangular projection, each event a circle
// sized by its deaths and coloured by its type, grouped on a screen grid until fully zoomed in.
// Plain SVG and DOM; nothing is loaded from anywhere but this page's own server.
"use strict";

const EventMap = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const WORLD = { x: 0, y: 6, w: 360, h: 142 }; // longitude -180..180, latitude 84..-58
  const MAX_ZOOM = 24, CELL_PX = 34, STEP = 1.6;
  const TYPE_COLOURS = {
    explosion_remote_violence: "#c0392b", battle: "#d68910", violence_against_civilians: "#7d3c98",
    riot: "#a04000", protest: "#2874a6", strategic_development: "#566573",
  };
  const OTHER = "#34495e";
  let svg, outlines, markers, tip, onOpen = () => {};
  let placed = [], view = { ...WORLD }, selected = null, drag = null, dragged = false;

  const colour = (type) => TYPE_COLOURS[type] || OTHER;
  const project = (lon, lat) => [lon + 180, 90 - lat];

  function node(tag, attrs = {}, text = "") {
    const n = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text) n.textContent = text;
    return n;
  }

  // TopoJSON 2.1: an arc is quantised, delta-encoded points; ~i in a ring means arc i reversed,
  // and consecutive arcs share their joining point.
  function decodeArcs(topology) {
    const [sx, sy] = topology.transform.scale, [tx, ty] = topology.transform.translate;
    return topology.arcs.map((arc) => {
      let x = 0, y = 0;
      return arc.map(([dx, dy]) => { x += dx; y += dy; return project(x * sx + tx, y * sy + ty); });
    });
  }

  function ringPath(ring, arcs) {
    const points = ring.flatMap((i, k) => {
      const arc = i < 0 ? [...arcs[~i]].reverse() : arcs[i];
      return k ? arc.slice(1) : arc;
    });
    return `M${points.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join("L")}Z`;
  }

  function drawCountries(topology) {
    const arcs = decodeArcs(topology);
    outlines.replaceChildren();
    for (const country of topology.objects.countries.geometries) {
      const polygons = country.type === "Polygon" ? [country.arcs] : country.arcs;
      const d = polygons.flatMap((rings) => rings.map((ring) => ringPath(ring, arcs))).join("");
      const name = (country.properties || {}).name || "";
      const path = node("path", { class: "country", d, "data-name": name });
      path.append(node("title", {}, name));
      outlines.append(path);
    }
  }

  async function loadOutlines() {
    try {
      const response = await fetch("/static/countries-110m.json");
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      drawCountries(await response.json());
    } catch (err) {
      svg.append(node("text", { class: "note", x: 4, y: 14 }, `country outlines unavailable: ${err.message}`));
    }
  }

  // Map units per screen pixel: markers keep their size on screen whatever the zoom.
  function unitsPerPixel() {
    const width = svg.getBoundingClientRect().width;
    return view.w / (width > 0 ? width : 720);
  }

  function setView(next) {
    const w = Math.min(WORLD.w, Math.max(WORLD.w / MAX_ZOOM, next.w));
    const h = w * WORLD.h / WORLD.w;
    const x = Math.min(WORLD.x + WORLD.w - w, Math.max(WORLD.x, next.x));
    const y = Math.min(WORLD.y + WORLD.h - h, Math.max(WORLD.y, next.y));
    view = { x, y, w, h };
    svg.setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
    svg.dataset.zoom = (WORLD.w / w).toFixed(2);
    drawMarkers();
  }

  function zoomAt(factor, cx = view.x + view.w / 2, cy = view.y + view.h / 2) {
    const w = Math.min(WORLD.w, Math.max(WORLD.w / MAX_ZOOM, view.w / factor));
    const k = w / view.w;
    setView({ x: cx - (cx - view.x) * k, y: cy - (cy - view.y) * k, w });
  }

  function toMap(clientX, clientY) {
    const box = svg.getBoundingClientRect();
    return [view.x + (clientX - box.left) / box.width * view.w, view.y + (clientY - box.top) / box.height * view.h];
  }

  // Grid clustering in screen space: events whose points fall in one CELL_PX square form a group,
  // until the map is fully zoomed in; events at one point then fan out around it.
  function groups(upp) {
    const full = view.w <= WORLD.w / MAX_ZOOM + 1e-9, cell = CELL_PX * upp, cells = new Map();
    for (const item of placed) {
      const key = full ? `${item.x},${item.y}` : `${Math.floor(item.x / cell)}:${Math.floor(item.y / cell)}`;
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(item);
    }
    return [...cells.values()].map((members) => ({ members, spread: full && members.length > 1 }));
  }

  function eventRadius(event) {
    return event.fatalities ? Math.min(20, 4 + 2 * Math.sqrt(event.fatalities)) : 4;
  }

  function label(event) {
    const where = [event.location && event.location.name, event.location && event.location.country].filter(Boolean);
    const deaths = event.fatalities == null ? "deaths not stated" : `${event.fatalities} killed`;
    return `${where.join(", ") || "unplaced"} · ${event.event_date} · ${typeName(event.event_type)} · ${deaths}`;
  }

  function drawMarkers() {
    if (!markers) return;
    markers.replaceChildren();
    tip.hidden = true;
    const upp = unitsPerPixel();
    const drawn = groups(upp).flatMap(({ members, spread }) => (members.length === 1 || spread
      ? members.map((item, i) => eventMarker(item, upp, spread ? [i, members.length] : null))
      : [clusterMarker(members, upp)]));
    drawn.sort((a, b) => b.radius - a.radius).forEach(({ element }) => markers.append(element));
  }

  function eventMarker(item, upp, fan) {
    const radius = eventRadius(item.event);
    let { x, y } = item;
    if (fan) {
      const angle = 2 * Math.PI * fan[0] / fan[1];
      x += Math.cos(angle) * 12 * upp; y += Math.sin(angle) * 12 * upp;
    }
    const circle = node("circle", { class: "event", cx: x, cy: y, r: radius * upp, fill: colour(item.event.event_type),
      "data-id": item.event.id, "data-place": (item.event.location || {}).name || "", tabindex: 0 });
    if (item.event.fatalities == null) circle.classList.add("untold");
    if (item.event.id === selected) circle.classList.add("selected");
    hover(circle, () => label(item.event));
    const open = () => { if (!dragged) onOpen(item.event.id); };
    circle.addEventListener("click", open);
    circle.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    return { radius, element: circle };
  }

  function clusterMarker(members, upp) {
    const x = members.reduce((s, m) => s + m.x, 0) / members.length;
    const y = members.reduce((s, m) => s + m.y, 0) / members.length;
    const radius = Math.min(22, 9 + 3 * Math.log2(members.length));
    const counts = {};
    members.forEach((m) => { counts[m.event.event_type] = (counts[m.event.event_type] || 0) + 1; });
    const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
    const group = node("g", { class: "cluster", "data-count": members.length, tabindex: 0 });
    group.append(node("circle", { cx: x, cy: y, r: radius * upp, fill: colour(top) }),
      node("text", { x, y, dy: "0.35em", "font-size": 11 * upp }, String(members.length)));
    const places = [...new Set(members.map((m) => (m.event.location || {}).name).filter(Boolean))];
    const deaths = members.reduce((s, m) => s + (m.event.fatalities || 0), 0);
    hover(group, () => `${members.length} events, ${deaths} killed: ${places.slice(0, 6).join(", ")}${places.length > 6 ? ", …" : ""}`);
    const open = () => { if (!dragged) zoomTo(members); };
    group.addEventListener("click", open);
    group.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    return { radius, element: group };
  }

  // Zooms to the members' extent with a margin: a group always splits or fans out.
  function zoomTo(members) {
    const xs = members.map((m) => m.x), ys = members.map((m) => m.y);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const w = Math.min(view.w / 2, Math.max((x1 - x0) * 1.6, (y1 - y0) * 1.6 * WORLD.w / WORLD.h));
    const h = w * WORLD.h / WORLD.w;
    setView({ x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - h / 2, w });
  }

  function hover(element, text) {
    element.addEventListener("pointerenter", (e) => { tip.textContent = text(); tip.hidden = false; moveTip(e); });
    element.addEventListener("pointermove", moveTip);
    element.addEventListener("pointerleave", () => { tip.hidden = true; });
  }

  function moveTip(e) {
    const box = svg.parentElement.getBoundingClientRect();
    tip.style.left = `${Math.min(e.clientX - box.left + 12, box.width - 180)}px`;
    tip.style.top = `${e.clientY - box.top + 14}px`;
  }

  function enablePanAndZoom() {
    svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      zoomAt(e.deltaY < 0 ? STEP : 1 / STEP, ...toMap(e.clientX, e.clientY));
    }, { passive: false });
    svg.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY, view: { ...view } }; dragged = false; });
    window.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) dragged = true;
      if (!dragged) return;
      const upp = drag.view.w / svg.getBoundingClientRect().width;
      setView({ x: drag.view.x - dx * upp, y: drag.view.y - dy * upp, w: drag.view.w });
    });
    window.addEventListener("pointerup", () => { drag = null; setTimeout(() => { dragged = false; }, 0); });
    window.addEventListener("resize", drawMarkers);
  }

  function typeName(type) {
    return (type || "other").replace(/_/g, " ");
  }

  function legend(box) {
    box.replaceChildren();
    for (const [type, fill] of Object.entries(TYPE_COLOURS)) {
      const key = document.createElement("span");
      key.innerHTML = "<i></i>";
      key.firstChild.style.background = fill;
      key.append(typeName(type));
      box.append(key);
    }
    const note = document.createElement("span");
    note.className = "note";
    note.textContent = "size: deaths · numbers: grouped events (click to zoom) · wheel or +/− to zoom, drag to pan";
    box.append(note);
  }

  /** Builds the map inside ``root`` (a .map-wrap with an <svg>, a tooltip and zoom buttons). */
  function init(root, open) {
    svg = root.querySelector("svg");
    tip = root.querySelector(".map-tip");
    onOpen = open;
    svg.replaceChildren(node("rect", { class: "sea", x: -360, y: -180, width: 1080, height: 540 }));
    for (let lon = 30; lon < 360; lon += 30) svg.append(node("line", { class: "grid", x1: lon, y1: 0, x2: lon, y2: 180 }));
    for (let lat = 30; lat < 180; lat += 30) svg.append(node("line", { class: "grid", x1: 0, y1: lat, x2: 360, y2: lat }));
    outlines = node("g", { class: "outlines" });
    markers = node("g", { class: "markers" });
    svg.append(outlines, markers);
    root.querySelector("[data-zoom=in]").addEventListener("click", () => zoomAt(STEP * STEP));
    root.querySelector("[data-zoom=out]").addEventListener("click", () => zoomAt(1 / (STEP * STEP)));
    root.querySelector("[data-zoom=reset]").addEventListener("click", () => setView({ ...WORLD }));
    legend(root.querySelector(".map-legend"));
    enablePanAndZoom();
    setView({ ...WORLD });
    return loadOutlines();
  }

  /** Draws ``events`` (those with a point); returns how many had none. */
  function show(events) {
    placed = events.filter((e) => e.location && e.location.geo && e.location.geo.lat != null)
      .map((event) => { const [x, y] = project(event.location.geo.lon, event.location.geo.lat); return { event, x, y }; });
    drawMarkers();
    return events.length - placed.length;
  }

  function select(id) {
    selected = id;
    drawMarkers();
  }

  return { init, show, select, redraw: drawMarkers, colour, typeName };
})();
