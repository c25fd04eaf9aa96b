"""Seeing and using runs: `keraslab ui` (a local dashboard) and `keraslab serve RUN` (a JSON prediction API).

Both stand on the run contract: runs are read only through `RunDirectory`, and predictions come only
from `keraslab.inference.load_predictor`. Both bind 127.0.0.1 unless told otherwise, serve nothing
from outside the runs folder, and hold uploads only in a temporary folder removed with the request.

    inputs.py      request bodies and uploads -> files a predictor reads (size- and type-checked)
    service.py     one run's predictor behind one worker thread that batches waiting requests
    api.py         the FastAPI app of `keraslab serve`
    runs_index.py  what the dashboard shows of a run: summary row, lab sheet, curves, config differences
    dashboard.py   the FastAPI app of `keraslab ui` (server-rendered pages, uPlot charts, try-it)
    http.py        what both apps share: request size limit, JSON errors, security headers, starting uvicorn
"""
