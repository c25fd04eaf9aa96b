// keraslab ui: sorting, filtering and live status on the runs table; uPlot learning curves; the try-it panel.
"use strict";

const COLOURS = ["#d2452b", "#175cd3", "#117a48", "#9e4fd6", "#b54708", "#0e7490", "#be185d", "#4d7c0f"];
const $ = (selector, root = document) => root.querySelector(selector);
const el = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value; else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
};
const shown = (value) => {
  if (value === null || value === undefined) return "";
  if (typeof value !== "number") return String(value);
  if (Number.isInteger(value)) return value.toLocaleString("en");
  return Math.abs(value) < 1e5 ? Number(value.toPrecision(4)).toString() : Math.round(value).toLocaleString("en");
};
const duration = (seconds) => {
  if (typeof seconds !== "number") return "";
  if (seconds < 60) return seconds.toFixed(1) + " s";
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, "0")} s`
    : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
};

// -- the runs table ---------------------------------------------------------------------------------------

function runsPage() {
  const table = $("#runs"), body = table.tBodies[0];
  let rows = [], sortKey = "started", descending = true;

  function cellsFor(row) {
    const [preset, name] = row.id.split("/");
    const link = el("a", {href: `/runs/${encodeURIComponent(preset)}/${encodeURIComponent(name)}`, text: row.preset});
    const pick = el("input", {type: "checkbox", value: row.id, "aria-label": `select ${row.id}`});
    const status = el("span", {class: `status ${row.status}`, title: row.reason || "", text: row.status});
    const metric = el("td", {class: "num"});
    if (row.metric) metric.append(el("span", {class: "metric-name", text: row.metric}), shown(row.value));
    const target = el("td");
    if (row.target) target.append(el("span", {class: `target ${row.met ? "met" : "unmet"}`, text: row.target}));
    const presetCell = el("td", {}, link);
    if (row.smoke) presetCell.append(" ", el("span", {class: "tag", text: "smoke"}));
    return el("tr", {"data-id": row.id}, el("td", {class: "pick"}, pick), presetCell,
      el("td", {class: "muted", text: row.lesson}), el("td", {}, status), el("td", {text: row.backend}), metric, target,
      el("td", {class: "muted small", text: row.course_figure || ""}), el("td", {class: "num", text: duration(row.wall_seconds)}),
      el("td", {class: "muted small", text: row.started}));
  }

  function render() {
    const words = $("#filter").value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const status = $("#status-filter").value;
    const ticked = new Set([...body.querySelectorAll("input:checked")].map((box) => box.value));
    const chosen = rows.filter((row) => (!status || row.status === status) && words.every((word) =>
      [row.preset, row.lesson, row.backend, row.status, row.task, row.metric, row.id].join(" ").toLowerCase().includes(word)));
    chosen.sort((a, b) => {
      const x = a[sortKey], y = b[sortKey];
      const order = (x === null || x === undefined) - (y === null || y === undefined) ||
        (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)));
      return descending ? -order : order;
    });
    body.replaceChildren(...chosen.map(cellsFor));
    body.querySelectorAll("input").forEach((box) => { box.checked = ticked.has(box.value); });
    $("#run-count").textContent = chosen.length === rows.length ? rows.length : `${chosen.length} of ${rows.length}`;
    table.classList.toggle("hidden", rows.length === 0);
    table.dataset.rendered = String(Date.now());
    updateCompare();
  }

  function updateCompare() {
    $("#compare").disabled = body.querySelectorAll("input:checked").length < 2;
  }

  table.tHead.addEventListener("click", (event) => {
    const th = event.target.closest("th[data-key]");
    if (!th) return;
    descending = sortKey === th.dataset.key ? !descending : false;
    sortKey = th.dataset.key;
    table.tHead.querySelectorAll("th").forEach((h) => h.classList.remove("sorted-asc", "sorted-desc"));
    th.classList.add(descending ? "sorted-desc" : "sorted-asc");
    render();
  });
  $("#filter").addEventListener("input", render);
  $("#status-filter").addEventListener("change", render);
  body.addEventListener("change", updateCompare);
  $("#compare").addEventListener("click", () => {
    const ids = [...body.querySelectorAll("input:checked")].map((box) => "run=" + encodeURIComponent(box.value));
    window.location.href = "/compare?" + ids.join("&");
  });

  async function refresh() {
    try {
      const response = await fetch("/api/runs");
      if (response.ok) { rows = await response.json(); render(); }
    } catch (error) { /* the server went away: keep what is shown */ }
    // Live while anything runs; a quiet poll otherwise picks up new runs.
    setTimeout(refresh, rows.some((row) => row.status === "running") ? 2000 : 10000);
  }
  refresh();
}

// -- learning curves (uPlot) ------------------------------------------------------------------------------

function drawCurves(data) {
  const holder = $("#curves");
  if (!holder || !data) return;
  // One chart per phase and metric family (loss with val_loss), one line per run and split.
  const phases = [...new Set(data.runs.flatMap((run) => Object.keys(run.curves)))];
  if (!phases.length) return;
  holder.replaceChildren();
  const charts = [];
  const multiple = data.runs.length > 1;
  for (const phase of phases) {
    if (phases.length > 1) holder.append(el("div", {class: "phase-title", text: `phase: ${phase}`}));
    const metrics = [...new Set(data.runs.flatMap((run) => Object.keys((run.curves[phase] || {}).series || {})))];
    const families = [...new Set(metrics.map((m) => m.replace(/^val_/, "")))];
    for (const family of families) {
      const epochs = Math.max(...data.runs.map((run) => ((run.curves[phase] || {}).epochs || []).length));
      if (!epochs) continue;
      const xs = Array.from({length: epochs}, (_, i) => i + 1);
      const series = [{label: "epoch"}], columns = [xs];
      data.runs.forEach((run, index) => {
        for (const name of [family, "val_" + family]) {
          const values = ((run.curves[phase] || {}).series || {})[name];
          if (!values) continue;
          const colour = COLOURS[(multiple ? index : (name === family ? 0 : 1)) % COLOURS.length];
          series.push({label: multiple ? `${run.id.split("/")[1].slice(-6)} ${name}` : name, stroke: colour, width: 2,
            dash: multiple && name !== family ? [6, 4] : undefined, points: {show: epochs < 30, size: 5, fill: colour},
            value: (u, v) => v === null || v === undefined ? "–" : shown(v), spanGaps: true});
          columns.push(xs.map((_, i) => values[i] ?? null));
        }
      });
      if (columns.length < 2) continue;
      const box = el("div", {class: "chart"}, el("h3", {text: family}));
      holder.append(box);
      charts.push([box, series, columns]);
    }
  }
  // Drawn once every box is in place, so each chart takes the width its box ends with.
  for (const [box, series, columns] of charts) {
    const width = Math.max(300, box.clientWidth || 400);
    new uPlot({width, height: 230, series, legend: {live: true},
      scales: {x: {time: false, range: (u, low, high) => [1, Math.max(high, 2)]}},
      axes: [{grid: {stroke: "#eef0f3"}, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500]},
        {grid: {stroke: "#eef0f3"}, size: 56}], cursor: {drag: {x: true, y: false}}}, columns, box);
  }
}

function runPage() {
  const data = JSON.parse($("#curves-data").textContent);
  drawCurves(data);
  const head = $(".run-head");
  if (head.dataset.status !== "running") return;
  // A running run: poll its status and curves; reload the page when it ends (pictures and metrics appear).
  const poll = async () => {
    try {
      const response = await fetch(`/api/runs/${head.dataset.id}`);
      const run = await response.json();
      drawCurves({runs: [{id: run.id, curves: run.curves}]});
      if (run.status !== "running") { window.location.reload(); return; }
    } catch (error) { /* keep polling */ }
    setTimeout(poll, 2000);
  };
  setTimeout(poll, 2000);
}

function comparePage() {
  drawCurves(JSON.parse($("#curves-data").textContent));
  document.querySelectorAll(".swatch").forEach((swatch) => {
    swatch.style.background = COLOURS[Number(swatch.dataset.index) % COLOURS.length];
  });
}

// -- try it -------------------------------------------------------------------------------------------------

function tryIt() {
  const panel = $("#try-it");
  if (!panel || !panel.dataset.base) return;
  const result = $("#try-result"), base = panel.dataset.base;

  const busy = (form, on) => form.querySelectorAll("button").forEach((b) => { b.disabled = on; });
  const fail = (message) => result.replaceChildren(el("div", {class: "error", text: message}));
  async function call(form, path, options) {
    busy(form, true);
    result.replaceChildren(el("p", {class: "muted", text: "Working…"}));
    try {
      const response = await fetch(base + path, {method: "POST", ...options});
      const answer = await response.json();
      if (!response.ok) { fail(answer.error || `HTTP ${response.status}`); return null; }
      return answer;
    } catch (error) {
      fail("The server did not answer: " + error.message); return null;
    } finally { busy(form, false); }
  }
  const json = (body) => ({headers: {"content-type": "application/json"}, body: JSON.stringify(body)});
  const files = (list) => { const form = new FormData(); for (const file of list) form.append("files", file); return form; };
  const number = (id) => Number($("#" + id).value);

  function bars(top) {
    return el("div", {class: "bars"}, ...top.map((entry) => el("div", {class: "bar"},
      el("span", {text: entry.class}),
      el("span", {class: "track"}, Object.assign(el("div", {class: "fill"}), {style: `width: ${(100 * entry.probability).toFixed(1)}%`})),
      el("span", {class: "num", text: (100 * entry.probability).toFixed(1) + "%"}))));
  }
  function table(rows) {
    const keys = [...new Set(rows.flatMap((row) => Object.keys(row).filter((k) => k !== "top" && k !== "q_values")))];
    return el("table", {class: "predictions"}, el("tr", {}, ...keys.map((k) => el("th", {text: k}))),
      ...rows.map((row) => el("tr", {}, ...keys.map((k) => el("td", {text: shown(row[k])})))));
  }

  const on = (id, handler) => { const form = $("#" + id); if (form) form.addEventListener("submit", (event) => { event.preventDefault(); handler(form); }); };

  on("try-images", async (form) => {
    const chosen = [...$("#image-files").files];
    if (!chosen.length) { fail("Choose an image first."); return; }
    const answer = await call(form, "/files", {body: (() => { const f = files(chosen); f.append("top", "5"); return f; })()});
    if (!answer) return;
    result.replaceChildren(...answer.predictions.map((row, i) => {
      const picture = el("img", {alt: row.input, src: URL.createObjectURL(chosen[i])});
      const words = row.prediction !== undefined ? el("div", {class: "answer", text: row.prediction})
        : el("div", {class: "answer", text: row.caption ?? shown(row.reconstruction_error)});
      const detail = el("div", {}, words, el("div", {class: "muted small", text: row.input}));
      if (row.top) detail.append(bars(row.top));
      else if (row.reconstruction_error !== undefined) detail.append(el("div", {class: "muted", text: "reconstruction error (mean squared, per pixel)"}));
      return el("div", {class: "prediction"}, picture, detail);
    }));
  });
  on("try-rows", async (form) => {
    const upload = $("#csv-file").files[0];
    const blob = upload || new Blob([$("#csv-text").value], {type: "text/csv"});
    const body = files([new File([blob], upload ? upload.name : "pasted.csv")]);
    body.append("top", "3");
    const answer = await call(form, "/files", {body});
    if (answer) result.replaceChildren(table(answer.predictions));
  });
  on("try-texts", async (form) => {
    const texts = $("#texts").value.split("\n").filter((line) => line.trim());
    const answer = await call(form, "/predict", json({texts, top: 3}));
    if (answer) result.replaceChildren(table(answer.predictions));
  });
  on("try-generate", async (form) => {
    const prompt = $("#prompt").value;
    const answer = await call(form, "/generate", json({prompt, tokens: number("tokens"),
      temperature: number("temperature"), seed: number("seed")}));
    if (answer) result.replaceChildren(el("div", {class: "generated", id: "generated"}, el("b", {text: prompt}),
      answer.text.slice(prompt.length)));
  });
  on("try-series", async (form) => {
    const upload = $("#series-file").files[0];
    const answer = upload ? await call(form, "/files", {body: files([upload])}) : await call(form, "/forecast", json({}));
    if (!answer) return;
    const rows = answer.predictions;
    result.replaceChildren(el("p", {class: "muted", text: answer.after ? `after ${answer.after}:` : ""}), table(rows));
  });
  on("try-play", async (form) => {
    const answer = await call(form, "/play", json({episodes: number("episodes"), seed: number("seed"), gif: true}));
    if (!answer) return;
    result.replaceChildren(el("div", {class: "prediction"},
      el("img", {src: "data:image/gif;base64," + answer.gif, alt: "the agent's first episode", style: "width: 240px; height: auto; image-rendering: auto"}),
      el("div", {}, el("div", {class: "answer", text: `mean return ${shown(answer.mean_return)}`}),
        el("div", {class: "muted", text: "returns: " + answer.returns.map(shown).join(", ")}))));
  });
  on("try-sample", async (form) => {
    const answer = await call(form, "/sample", json({count: number("count"), seed: number("seed")}));
    if (answer) result.replaceChildren(el("div", {class: "samples"},
      ...answer.images.map((data, i) => el("img", {src: "data:image/png;base64," + data, alt: `sample ${i + 1}`}))));
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  if (page === "runs") runsPage();
  if (page === "run") { runPage(); tryIt(); }
  if (page === "compare") comparePage();
});
