"""`keraslab ui`: a local dashboard over a runs folder.

    /                         every run: preset, lesson, status (live), backend, headline metric against
                              the target and the course's figure, wall time; sortable and filterable
    /runs/PRESET/RUN          its lab sheet, config, learning curves per phase, pictures, GIFs, samples,
                              classification report and confusion matrix, and a try-it panel
    /compare?run=A&run=B      curves overlaid, config differences, metrics side by side
    /api/...                  the same as JSON (what the pages poll), and the try-it calls

Pages are rendered on the server (Jinja2) and drawn with the vendored uPlot; nothing loads from
elsewhere. Runs are found only inside the runs folder (see runs_index.find_run) and files only
through RunDirectory.artifact, which refuses '..', absolute paths and links that lead out.
"""

import collections
import json
import threading
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from keraslab.errors import KeraslabError
from keraslab.serving import api, runs_index
from keraslab.serving import inputs as uploads
from keraslab.serving.http import install_errors
from keraslab.serving.service import PredictionService, Worker

HERE = Path(__file__).parent
# What an artifact may be served as; anything else is listed but downloaded, never rendered.
CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
                 ".webp": "image/webp", ".txt": "text/plain; charset=utf-8", ".csv": "text/plain; charset=utf-8",
                 ".json": "application/json", ".yaml": "text/plain; charset=utf-8", ".md": "text/plain; charset=utf-8"}
PICTURES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
TEXTS = {".txt", ".csv", ".md"}
# Text samples shown inline up to this size; larger ones are links.
MAX_INLINE_TEXT = 20_000
# Uploaded files per try-it request, and predictors kept loaded at once.
MAX_FILES = 16
MAX_SERVICES = 4


class Services:
    """The predictors of the runs someone tried, the newest few kept loaded, all on one worker thread."""

    def __init__(self):
        self.worker = Worker()
        self._loaded = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, run):
        key = str(run.path)
        with self._lock:
            if key in self._loaded:
                self._loaded.move_to_end(key)
                return self._loaded[key]
        service = PredictionService(run.path, worker=self.worker)
        with self._lock:
            self._loaded[key] = service
            while len(self._loaded) > MAX_SERVICES:
                self._loaded.popitem(last=False)
        return service


def build_dashboard(runs_dir):
    runs_dir = Path(runs_dir)
    app = FastAPI(title="keraslab ui", docs_url=None, redoc_url=None, openapi_url=None)
    install_errors(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["number"] = _number
    templates.env.filters["duration"] = _duration
    services = Services()

    def page(request, template, **context):
        return templates.TemplateResponse(request, template, {"runs_dir": str(runs_dir), **context})

    def run_or_404(preset, name):
        run = runs_index.find_run(runs_dir, preset, name)
        if run is None:
            raise HTTPException(404, f"No run '{preset}/{name}' under {runs_dir}.")
        return run

    # -- pages (plain functions: FastAPI runs them in its thread pool, so reading runs never blocks) ---

    @app.get("/", response_class=HTMLResponse)
    def runs_page(request: Request):
        rows = runs_index.all_summaries(runs_dir)
        return page(request, "runs.html", rows=rows, lessons=sorted({r["lesson"] for r in rows}),
                    statuses=sorted({r["status"] for r in rows}))

    @app.get("/runs/{preset}/{name}", response_class=HTMLResponse)
    def run_page(request: Request, preset: str, name: str):
        run = run_or_404(preset, name)
        row = runs_index.summary(run)
        saved = runs_index.saved_config(run)
        artifacts = _artifacts(run)
        report = runs_index.classification_report(run)
        try_it = _try_it(services, run) if row["status"] == "complete" else None
        return page(request, "run.html", row=row, saved=saved, metrics=run.metrics(), facts=run.facts(),
                    sheet=runs_index.lab_sheet(row["preset"], run.metrics()), artifacts=artifacts, report=report,
                    confusion=_confusion(report), try_it=try_it,
                    curves_json=_script_json({"runs": [{"id": row["id"], "curves": runs_index.curves(run)}]}),
                    config_yaml=_yaml(saved.get("config", {})))

    @app.get("/compare", response_class=HTMLResponse)
    def compare_page(request: Request, run: Annotated[list[str] | None, Query()] = None):
        chosen = [_by_id(runs_dir, text) for text in dict.fromkeys(run or [])]
        if len(chosen) < 2:
            raise HTTPException(400, "Compare needs two or more runs: /compare?run=PRESET/RUN&run=PRESET/RUN "
                                     "(tick them in the runs table).")
        rows = [runs_index.summary(r) for r in chosen]
        metrics = [r.metrics() for r in chosen]
        names = list(dict.fromkeys(m for found in metrics for m in found
                                   if isinstance(found[m], (int, float)) and not isinstance(found[m], bool)))
        differences = runs_index.config_differences(
            [{"backend": runs_index.saved_config(r).get("backend"), **runs_index.saved_config(r).get("config", {})}
             for r in chosen])
        curves = {"runs": [{"id": row["id"], "curves": runs_index.curves(r)} for row, r in zip(rows, chosen)]}
        return page(request, "compare.html", rows=rows, metric_names=names, metrics=metrics,
                    differences=differences, curves_json=_script_json(curves))

    # -- data the pages poll -------------------------------------------------------------------------

    @app.get("/api/runs")
    def runs_json():
        return runs_index.all_summaries(runs_dir)

    @app.get("/api/runs/{preset}/{name}")
    def run_json(preset: str, name: str):
        run = run_or_404(preset, name)
        return {**runs_index.summary(run), "curves": runs_index.curves(run), "metrics": run.metrics()}

    @app.get("/artifacts/{preset}/{name}/{path:path}")
    def artifact(preset: str, name: str, path: str):
        run = run_or_404(preset, name)
        found = run.artifact(path)
        if found is None:
            raise HTTPException(404, f"Run {preset}/{name} has no file '{path}'.")
        kind = CONTENT_TYPES.get(found.suffix.lower())
        if kind is None:
            return FileResponse(found, media_type="application/octet-stream", filename=found.name)
        return FileResponse(found, media_type=kind)

    # -- try it: the run's predictor -----------------------------------------------------------------

    @app.post("/api/runs/{preset}/{name}/predict")
    async def try_predict(preset: str, name: str, request: Request):
        service = await run_in_threadpool(_service, services, run_or_404(preset, name))
        if service.kind is None:
            raise HTTPException(404, f"Run {preset}/{name} has no predict; it has {', '.join(service.verbs)}.")
        body = api.PREDICT_MODELS[service.kind].model_validate(await _json(request))
        return await api.predict(service, body)

    @app.post("/api/runs/{preset}/{name}/files")
    async def try_files(preset: str, name: str, files: Annotated[list[UploadFile], File()],
                        top: Annotated[int, Form()] = 5):
        service = await run_in_threadpool(_service, services, run_or_404(preset, name))
        if service.kind not in ("images", "rows", "series"):
            raise HTTPException(400, f"Run {preset}/{name} takes {service.predictor.takes}, not files.")
        if not 1 <= len(files) <= MAX_FILES:
            raise uploads.InputError(f"Send 1 to {MAX_FILES} files; got {len(files)}.", "files", 422)
        with uploads.upload_folder() as folder:
            paths, labels = [], []
            for index, upload in enumerate(files):
                label = _label(upload.filename, index)
                data = await upload.read()
                write = uploads.image_file if service.kind == "images" else uploads.csv_file
                paths.append(write(data, label, folder, index))
                labels.append(label)
            return await api.predict_files(service, paths, labels, max(1, min(top, 100)))

    @app.post("/api/runs/{preset}/{name}/{verb}")
    async def try_verb(preset: str, name: str, verb: str, request: Request):
        service = await run_in_threadpool(_service, services, run_or_404(preset, name))
        handlers = {"generate": (api.generate, api.GenerateRequest), "sample": (api.sample, api.SampleRequest),
                    "play": (api.play, api.PlayRequest), "forecast": (api.predict, api.SeriesRequest)}
        if verb not in handlers or verb not in service.verbs:
            raise HTTPException(404, f"Run {preset}/{name} has no {verb}; it has {', '.join(service.verbs)}.")
        handler, model = handlers[verb]
        return await handler(service, model.model_validate(await _json(request)))

    return app


async def _json(request):
    try:
        return await request.json()
    except ValueError:
        raise uploads.InputError("The request body is not JSON.", "body", 422) from None


def _service(services, run):
    if run.state() != "complete":
        raise KeraslabError(f"Run {runs_index.run_id(run)} is {run.state()}; try-it needs a complete run.")
    return services.get(run)


def _by_id(runs_dir, text):
    preset, _, name = str(text).partition("/")
    run = runs_index.find_run(runs_dir, preset, name)
    if run is None:
        raise HTTPException(404, f"No run '{text}' under {runs_dir}.")
    return run


def _label(filename, index):
    """What an uploaded file is called in answers: its base name, shortened; never used as a path."""
    name = Path(str(filename or "")).name.replace("\\", "/").split("/")[-1]
    name = "".join(c for c in name if c.isprintable())[:60]
    return name or f"file {index + 1}"


def _artifacts(run):
    """The run's files for the page: pictures (GIFs included), text samples shown inline, other files."""
    pictures, texts, others = [], [], []
    for name in run.artifacts():
        suffix = Path(name).suffix.lower()
        if suffix in PICTURES:
            pictures.append({"name": name, "caption": _caption(name)})
        elif suffix in TEXTS:
            path = run.artifact(name)
            size = path.stat().st_size if path else 0
            text = path.read_text(errors="replace") if path and size <= MAX_INLINE_TEXT else None
            texts.append({"name": name, "text": text, "size": size})
        elif name != "classification_report.json":
            others.append({"name": name})
    return {"pictures": pictures, "texts": texts, "others": others}


def _caption(name):
    stem = Path(name).stem.replace("_", " ").replace("-", " ")
    return stem[:1].upper() + stem[1:]


def _confusion(report):
    """Rows of the confusion matrix with each cell's share of its true class (for the heat map)."""
    if not report:
        return None
    rows = []
    for truth, counts in zip(report.get("class_names", []), report.get("confusion_matrix", [])):
        total = sum(counts) or 1
        rows.append({"truth": truth, "cells": [{"count": c, "share": c / total} for c in counts]})
    return rows


def _try_it(services, run):
    """What the try-it panel offers, from the run's predictor (None when the task has none)."""
    try:
        service = services.get(run)
    except KeraslabError as error:
        return {"error": str(error)}
    about = service.describe()
    if service.kind == "series":
        about["window"] = service.predictor.spec["window"]
    return about


def _script_json(value):
    """JSON to embed in a <script type="application/json"> block: no '<' can close it early."""
    return json.dumps(value, default=str).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _yaml(config):
    import yaml

    return yaml.safe_dump(config, sort_keys=False)


def _number(value):
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e5 else f"{value:,.0f}"
    return str(value)


def _duration(seconds):
    if not isinstance(seconds, (int, float)):
        return ""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"
