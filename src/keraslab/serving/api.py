"""`keraslab serve RUN`: a JSON prediction API for one run, described by OpenAPI at /openapi.json.

    GET  /            what the run is and what it takes          GET /health
    POST /predict     images (base64), rows ({column: value}), texts, a series or states, as the run takes
    POST /generate    text runs: a prompt continued               POST /sample   generative runs: new images
    POST /play        agents: greedy episodes (and a GIF)         POST /forecast forecasters: the next values

Bodies are validated by their models below (a 422 names the field), uploads are checked and held in a
temporary folder (see inputs.py), and answers come from the run's predictor through its service.
The same handlers answer the dashboard's try-it panel.
"""

import asyncio
import base64
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from keraslab.errors import KeraslabError
from keraslab.serving import inputs as uploads
from keraslab.serving.http import install_errors

# Inputs in one request: enough for a page of photos or a small table, few enough to answer in seconds.
MAX_INPUTS = 64
MAX_TEXT = 2000


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ImagesRequest(_Body):
    images: list[str] = Field(min_length=1, max_length=MAX_INPUTS,
                              description="images as base64 (PNG, JPEG, GIF, BMP, WEBP); data: URLs accepted")
    top: int = Field(1, ge=1, le=100, description="classifiers: also list the `top` most likely classes")


class RowsRequest(_Body):
    rows: list[dict[str, Any]] = Field(
        min_length=1, max_length=10_000, description="table rows as {column: value}; null or a missing column "
                                                     "is filled as in training; values are numbers or texts")
    top: int = Field(1, ge=1, le=100, description="classifiers: also list the `top` most likely classes")


class TextsRequest(_Body):
    texts: list[str] = Field(min_length=1, max_length=MAX_INPUTS, description="texts to classify, translate or "
                                                                              "continue")
    top: int = Field(1, ge=1, le=100, description="classifiers: also list the `top` most likely classes")


class StatesRequest(_Body):
    states: list[Any] = Field(
        min_length=1, max_length=MAX_INPUTS, description="environment states: an integer (grid worlds) or the "
                                                         "observation's numbers")


class SeriesRequest(_Body):
    dates: list[str] | None = Field(None, max_length=100_000, description="one date per value; omit both "
                                                                             "for the run's own series")
    values: list[float] | None = Field(None, max_length=100_000)


class GenerateRequest(_Body):
    prompt: str = Field(max_length=MAX_TEXT, description="text to continue")
    tokens: int = Field(100, ge=0, le=2000, description="tokens to add")
    temperature: float = Field(0.8, ge=0, le=10)
    top_k: int = Field(0, ge=0, le=100_000, description="0: no top-k cut")
    top_p: float = Field(1.0, gt=0, le=1)
    seed: int = Field(0, ge=0, le=2**31 - 1)


class SampleRequest(_Body):
    count: int = Field(16, ge=1, le=64, description="images to draw")
    seed: int = Field(0, ge=0, le=2**31 - 1)
    steps: int | None = Field(None, ge=1, le=1000, description="diffusion: DDIM steps (default: the run's)")


class PlayRequest(_Body):
    episodes: int = Field(5, ge=1, le=50)
    seed: int = Field(0, ge=0, le=2**31 - 1)
    gif: bool = Field(False, description="also draw the first episode as a base64 GIF")


PREDICT_MODELS = {"images": ImagesRequest, "rows": RowsRequest, "texts": TextsRequest, "states": StatesRequest,
                  "series": SeriesRequest}


async def _answer(future):
    return await asyncio.wrap_future(future)


def _relabelled(rows, names):
    """Replace temporary file paths in the predictor's answers by the request's field names."""
    for row in rows:
        text = str(row.get("input", ""))
        for path, label in names.items():
            if text.startswith(path):
                suffix = text[len(path):]
                row["input"] = f"{label}[{int(suffix[1:]) - 2}]" if label == "rows" and suffix[1:].isdigit() \
                    else label + suffix
    return rows


def _reworded(error, names):
    """A predictor's refusal with the temporary paths it names replaced by the request's field names."""
    message = str(error)
    for path, label in names.items():
        message = message.replace(path, label)
    return uploads.InputError(message, next(iter(names.values()), None), 400)


async def predict(service, body):
    """Answer a predict body (one of PREDICT_MODELS, already validated) with {"predictions": [...]}."""
    if service.kind == "images":
        with uploads.upload_folder() as folder:
            paths = await run_in_threadpool(lambda: [
                uploads.image_file(uploads.base64_bytes(text, f"images[{i}]"), f"images[{i}]", folder, i)
                for i, text in enumerate(body.images)])
            return await predict_files(service, paths, [f"images[{i}]" for i in range(len(paths))], body.top)
    if service.kind == "rows":
        with uploads.upload_folder() as folder:
            path = uploads.rows_csv(body.rows, folder)
            return await predict_files(service, [path], ["rows"], body.top)
    if service.kind == "series":
        with uploads.upload_folder() as folder:
            if (body.dates is None) != (body.values is None):
                raise uploads.InputError("Give both dates and values (one date per value), or neither for the "
                                         "run's own series.", "dates" if body.dates is None else "values", 422)
            spec = service.predictor.spec
            path = None if body.dates is None else uploads.series_csv(body.dates, body.values, spec["date"],
                                                                      spec["value"], folder)
            names = {} if path is None else {str(path): "series"}
            try:
                found = await _answer(service.call(lambda: service.predictor.forecast(None if path is None
                                                                                      else str(path))))
            except uploads.InputError:
                raise
            except KeraslabError as error:
                raise _reworded(error, names) from None
            return {"predictions": [{"step": step + 1, "forecast": value} for step, value in
                                    enumerate(found["values"])], "after": found["after"]}
    items = body.texts if service.kind == "texts" else [_state_text(s, f"states[{i}]") for i, s in
                                                        enumerate(body.states)]
    top = getattr(body, "top", 1)
    return {"predictions": await _answer(service.predict(items, top))}


def _state_text(state, field):
    """A state as the predictor parses it: '5' for a grid world, '0.1,0.2,...' for an observation."""
    numbers = state if isinstance(state, list) else [state]
    if isinstance(state, str):
        return state
    if not numbers or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in numbers):
        raise uploads.InputError(f"{field} must be an integer, a list of numbers or a text like '0.1,0.2'.", field, 422)
    return ",".join(str(v) for v in numbers)


async def predict_files(service, paths, labels, top=1):
    """Predictions for files already checked and written in a request's temporary folder."""
    names = {str(path): label for path, label in zip(paths, labels)}
    try:
        if service.kind == "images":
            rows = await _answer(service.predict([str(p) for p in paths], top))
        else:
            options = {"top": top} if service.ranks and top > 1 else {}
            rows = await _answer(service.call(lambda: service.predictor.predict([str(p) for p in paths], **options)))
    except uploads.InputError:
        raise
    except KeraslabError as error:
        raise _reworded(error, names) from None
    return {"predictions": _relabelled(rows, names)}


async def generate(service, body: GenerateRequest):
    text = await _answer(service.call(lambda: service.predictor.generate(
        body.prompt, num_tokens=body.tokens, temperature=body.temperature, top_k=body.top_k, top_p=body.top_p,
        seed=body.seed)))
    return {"prompt": body.prompt, "text": text}


async def sample(service, body: SampleRequest):
    pixels = await _answer(service.call(lambda: service.predictor.sample(body.count, body.seed, body.steps)))
    return {"images": await run_in_threadpool(lambda: [uploads.png_base64(image) for image in pixels]),
            "format": "png"}


async def play(service, body: PlayRequest):
    with uploads.upload_folder() as folder:
        gif = folder / "episode.gif" if body.gif else None
        returns = await _answer(service.call(lambda: service.predictor.play(body.episodes, body.seed, gif)))
        answer = {"returns": [float(r) for r in returns], "mean_return": float(sum(returns) / len(returns))}
        if gif is not None:
            answer["gif"] = base64.b64encode(gif.read_bytes()).decode("ascii")
        return answer


def build_api(service, title_prefix="keraslab serve"):
    """The FastAPI app for one run's service: only the endpoints its predictor can answer."""
    from keraslab import __version__

    about = service.describe()
    app = FastAPI(title=f"{title_prefix}: {about['preset']} ({about['task']})", version=__version__,
                  description=f"Predictions from run {service.run_dir.path.name} of preset {about['preset']}: "
                              f"{', '.join(about['verbs'])}. predict takes {about['takes']}.",
                  docs_url=None, redoc_url=None)  # their pages load scripts from a CDN; /openapi.json is local
    install_errors(app)

    @app.get("/", summary="What this run is and what it takes")
    async def describe():
        return about

    @app.get("/health", summary="Ready to answer")
    async def health():
        return {"status": "ok"}

    if service.kind is not None:
        model = PREDICT_MODELS[service.kind]

        async def predict_endpoint(body: model):  # type: ignore[valid-type]
            return await predict(service, body)

        app.post("/predict", summary=f"Predict from {service.kind}")(predict_endpoint)
    if "generate" in service.verbs:
        app.post("/generate", summary="Continue a prompt")(_bound(generate, service, GenerateRequest))
    if "sample" in service.verbs:
        app.post("/sample", summary="Draw new images (base64 PNG)")(_bound(sample, service, SampleRequest))
    if "play" in service.verbs:
        app.post("/play", summary="Play greedy episodes")(_bound(play, service, PlayRequest))
    if "forecast" in service.verbs:
        app.post("/forecast", summary="The next values of a series")(_bound(predict, service, SeriesRequest))
    return app


def _bound(handler, service, model):
    async def endpoint(body: model):  # type: ignore[valid-type]
        return await handler(service, body)

    return endpoint
