"""keraslab serve: the JSON API of each predictor kind, its validation (4xx naming the field), size and type
limits on uploads, concurrent requests, and refusals that never show a stack trace."""

import base64
import io
import json
import os
import tempfile
import threading

import numpy as np
import pytest
from PIL import Image
from starlette.testclient import TestClient

from keraslab.cli import main
from keraslab.inference import load_predictor
from keraslab.serving.api import build_api
from keraslab.serving.http import wrap
from keraslab.serving.inputs import UPLOAD_PREFIX
from keraslab.serving.service import Busy, PredictionService, Worker

_clients = {}


def client(runs, name, limit=None):
    """One service and client per run (the model loads once), on 127.0.0.1 like `keraslab serve`."""
    key = (name, limit)
    if key not in _clients:
        service = _clients[(name, None)][1] if (name, None) in _clients else PredictionService(runs[name])
        app = wrap(build_api(service), **({"limit": limit} if limit else {}))
        _clients[key] = (TestClient(app, base_url="http://127.0.0.1"), service)
    return _clients[key][0]


def png(pixels):
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(pixels, dtype="uint8")).save(buffer, format="PNG")
    return buffer.getvalue()


def digit(index=0):
    from keraslab.data.load import load_image_data

    return load_image_data("digits").x_test[index][..., 0]


def b64(data):
    return base64.b64encode(data).decode()


def refused(response, status, field=None, words=""):
    body = response.json()
    assert response.status_code == status, body
    assert "Traceback" not in response.text and "\n" not in body["error"] and words in body["error"]
    if field is not None:
        assert body["field"] == field and field in body["error"]
    return body


# -- images -----------------------------------------------------------------------------------------------


def test_image_classifier_answers_as_its_predictor_does(runs, tmp_path):
    image = np.kron(digit(3), np.ones((2, 2), dtype="uint8"))  # any size: resized as in training
    (tmp_path / "d.png").write_bytes(png(image))
    expected = load_predictor(runs["digits"]).predict([str(tmp_path / "d.png")], top=3)[0]
    answer = client(runs, "digits").post("/predict", json={"images": [b64(png(image)), "data:image/png;base64,"
                                                           + b64(png(image))], "top": 3}).json()["predictions"]
    assert [row["input"] for row in answer] == ["images[0]", "images[1]"]
    assert answer[0]["prediction"] == expected["prediction"] and len(answer[0]["top"]) == 3
    assert answer[0]["probability"] == pytest.approx(expected["probability"], abs=1e-5)
    assert answer[0]["top"][0]["class"] == answer[0]["prediction"]


@pytest.mark.parametrize("body, status, field, words", [
    ({"images": []}, 422, "images", "at least 1"),
    ({"images": ["a"], "top": 0}, 422, "top", "greater than or equal to 1"),
    ({"imgs": ["a"]}, 422, None, "imgs"),
    ({"images": ["not base64!"]}, 422, "images[0]", "not valid base64"),
    ({"images": [b64(b"just some text")]}, 415, "images[0]", "not an image"),
    ({"images": [b64(png(np.zeros((8, 8))))[:40]]}, 415, "images[0]", "not an image"),
    ({"images": [""]}, 422, "images[0]", "empty"),
])
def test_image_requests_are_refused_naming_the_field(runs, body, status, field, words):
    found = refused(client(runs, "digits").post("/predict", json=body), status, field, words)
    assert found["error"].startswith("Field") or field in found["error"]


def test_a_truncated_png_is_a_message_not_a_stack_trace(runs):
    whole = png(np.kron(digit(0), np.ones((4, 4), dtype="uint8")))
    response = client(runs, "digits").post("/predict", json={"images": [b64(whole[:len(whole) // 2])]})
    refused(response, 400, "images[0]", "could not be decoded")
    assert UPLOAD_PREFIX not in response.text  # the temporary path is reworded as the field


def test_malformed_json_and_wrong_types_say_what_is_wrong(runs):
    api = client(runs, "digits")
    refused(api.post("/predict", content=b"{not json", headers={"content-type": "application/json"}), 422,
            words="JSON")
    refused(api.post("/predict", json={"images": "abc"}), 422, "images", "list")
    refused(api.post("/predict", content=b"\x89PNG", headers={"content-type": "image/png"}), 422)


def test_request_size_limit_by_header_and_by_stream(runs):
    api = client(runs, "digits", limit=2000)
    big = {"images": [b64(os.urandom(3000))]}
    refused(api.post("/predict", json=big), 413, words="larger than 2,000 bytes")

    def chunks():  # no Content-Length: counted as it streams in
        yield b'{"images": ["'
        for _ in range(10):
            yield b"A" * 400
        yield b'"]}'

    refused(api.post("/predict", content=chunks(), headers={"content-type": "application/json"}), 413)
    assert api.post("/predict", json={"images": [b64(png(digit(0)))]}).status_code == 200


def test_huge_images_are_refused_before_decoding(runs):
    buffer = io.BytesIO()
    Image.new("L", (5000, 4000)).save(buffer, format="PNG")  # compresses to a few kB
    refused(client(runs, "digits").post("/predict", json={"images": [b64(buffer.getvalue())]}), 413, "images[0]",
            "pixels")


def test_uploads_live_only_in_a_temporary_folder_removed_after_the_request(runs, monkeypatch):
    api = client(runs, "digits")
    service = _clients[("digits", None)][1]
    seen = []
    original = service.predictor.predict
    monkeypatch.setattr(service.predictor, "predict", lambda paths, **kw: seen.extend(paths) or original(paths, **kw))
    before = set(os.listdir(tempfile.gettempdir()))
    assert api.post("/predict", json={"images": [b64(png(digit(1)))] * 2}).status_code == 200
    assert len(seen) == 2 and all(os.path.basename(os.path.dirname(p)).startswith(UPLOAD_PREFIX) and
                                  os.path.dirname(os.path.dirname(p)) == tempfile.gettempdir() for p in seen)
    assert not any(os.path.exists(p) for p in seen)
    assert not {n for n in set(os.listdir(tempfile.gettempdir())) - before if n.startswith(UPLOAD_PREFIX)}


def test_concurrent_requests_are_batched_and_each_gets_its_own_answer(runs):
    api = client(runs, "digits")
    images = [png(digit(i)) for i in range(12)]
    alone = [api.post("/predict", json={"images": [b64(image)]}).json()["predictions"][0] for image in images]
    answers = [None] * len(images)

    def ask(index):
        answers[index] = api.post("/predict", json={"images": [b64(images[index])]}).json()["predictions"][0]

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(images))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a["prediction"] for a in answers] == [a["prediction"] for a in alone]
    assert np.allclose([a["probability"] for a in answers], [a["probability"] for a in alone], atol=1e-5)


def test_the_worker_merges_waiting_jobs_keeps_bad_input_apart_and_refuses_past_its_queue():
    from keraslab.errors import KeraslabError

    release, calls = threading.Event(), []
    worker = Worker(max_waiting=3)

    def double(items):
        calls.append(list(items))
        if "bad" in items:
            raise KeraslabError("bad input")
        return [item * 2 for item in items]

    started = threading.Event()
    blocker = worker.submit(lambda: started.set() or release.wait(5))
    assert started.wait(5)  # the worker is busy; what comes next waits
    futures = [worker.submit(double, [x], key="double") for x in ("a", "b", "bad")]
    with pytest.raises(Busy):
        worker.submit(double, ["c"], key="double")
    release.set()
    assert blocker.result(5) is True
    assert [f.result(5) if i < 2 else None for i, f in enumerate(futures)][:2] == [["aa"], ["bb"]]
    with pytest.raises(KeraslabError):
        futures[2].result(5)
    assert calls[0] == ["a", "b", "bad"] and calls[1:] == [["a"], ["b"], ["bad"]]


def test_a_bug_is_a_500_without_a_traceback(runs, monkeypatch):
    client(runs, "digits")
    service = _clients[("digits", None)][1]
    api = TestClient(wrap(build_api(service)), base_url="http://127.0.0.1", raise_server_exceptions=False)
    monkeypatch.setattr(service.predictor, "predict", lambda *a, **k: 1 / 0)
    response = api.post("/predict", json={"images": [b64(png(digit(0)))]})
    assert response.status_code == 500 and "ZeroDivisionError" in response.json()["error"]
    assert "Traceback" not in response.text and "File \"" not in response.text


def test_openapi_describes_the_run_and_no_page_loads_from_elsewhere(runs):
    api = client(runs, "digits")
    about = api.get("/").json()
    assert about["preset"] == "mnist-cnn" and about["input"] == "images" and about["classes"][:2] == ["0", "1"]
    schema = api.get("/openapi.json").json()
    assert set(schema["paths"]) == {"/", "/health", "/predict"}
    body = schema["paths"]["/predict"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("ImagesRequest") and "images" in schema["components"]["schemas"]["ImagesRequest"]["properties"]
    assert api.get("/docs").status_code == 404  # Swagger UI would load its scripts from a CDN
    assert "default-src 'self'" in api.get("/health").headers["content-security-policy"]


# -- the other kinds ---------------------------------------------------------------------------------------


def test_table_rows_in_predictions_out_and_a_missing_column_named(runs):
    api = client(runs, "tabular")
    answer = api.post("/predict", json={"rows": [{"x1": 1.0, "x2": 0.0, "colour": "red"},
                                                 {"x1": None, "x2": 0.5, "colour": "blue"}]}).json()
    assert [r["input"] for r in answer["predictions"]] == ["rows[0]", "rows[1]"]
    assert all(np.isfinite(r["prediction"]) for r in answer["predictions"])
    refused(api.post("/predict", json={"rows": [{"x1": 1.0, "colour": "red"}]}), 400, "rows", "lacks column x2")
    refused(api.post("/predict", json={"rows": [{"x1": 1.0, "x2": "abc", "colour": "red"}]}), 400, "rows", "'x2'")
    refused(api.post("/predict", json={"rows": [{"x1": [1], "x2": 0, "colour": "red"}]}), 422, "rows[0].x1")
    assert api.get("/").json()["columns"] == ["x1", "x2", "colour"]


def test_text_generation_predicts_and_generates_repeatably(runs):
    api = client(runs, "text")
    first = api.post("/generate", json={"prompt": "ROMEO:", "tokens": 12, "seed": 3}).json()
    again = api.post("/generate", json={"prompt": "ROMEO:", "tokens": 12, "seed": 3}).json()
    assert first == again and first["text"].startswith("ROMEO:") and len(first["text"]) > len("ROMEO:")
    refused(api.post("/generate", json={"prompt": "x", "tokens": 5000}), 422, "tokens", "less than or equal to 2000")
    refused(api.post("/generate", json={"tokens": 5}), 422, "prompt", "required")
    rows = api.post("/predict", json={"texts": ["To be"]}).json()["predictions"]
    assert rows[0]["input"] == "To be" and rows[0]["text"].startswith("To be")
    assert set(api.get("/openapi.json").json()["paths"]) == {"/", "/health", "/predict", "/generate"}


def test_text_classifier_lists_its_top_classes(runs):
    rows = client(runs, "speakers").post("/predict", json={"texts": ["O Romeo, Romeo", "Now is the winter"],
                                                            "top": 2}).json()["predictions"]
    assert len(rows) == 2 and all(len(r["top"]) == 2 and r["top"][0]["class"] == r["prediction"] for r in rows)


def test_forecaster_forecasts_its_own_series_or_one_sent(runs):
    api = client(runs, "series")
    own = api.post("/forecast", json={}).json()
    assert own["predictions"][0]["step"] == 1 and all(np.isfinite(r["forecast"]) for r in own["predictions"])
    window = load_predictor(runs["series"]).spec["window"]
    dates = [f"2020-01-{d:02d}" for d in range(1, window + 2)]
    sent = api.post("/predict", json={"dates": dates, "values": list(np.linspace(0, 1, len(dates)))}).json()
    assert sent["after"] == dates[-1] and len(sent["predictions"]) == len(own["predictions"])
    refused(api.post("/predict", json={"dates": dates, "values": [1.0]}), 422, "dates", "one date per value")
    refused(api.post("/predict", json={"dates": dates[:2], "values": [1.0, 2.0]}), 400, words="last")


def test_agent_acts_in_given_states_and_plays_a_gif(runs):
    api = client(runs, "agent")
    rows = api.post("/predict", json={"states": [0, "5"]}).json()["predictions"]
    assert [r["input"] for r in rows] == ["0", "5"] and all(isinstance(r["action"], int) for r in rows)
    refused(api.post("/predict", json={"states": [99]}), 400, words="State '99'")
    played = api.post("/play", json={"episodes": 2, "gif": True}).json()
    assert len(played["returns"]) == 2 and base64.b64decode(played["gif"])[:6] in (b"GIF89a", b"GIF87a")


def test_sampler_draws_pngs_and_has_no_predict(runs):
    api = client(runs, "sampler")
    images = api.post("/sample", json={"count": 3, "seed": 1}).json()["images"]
    assert len(images) == 3 and Image.open(io.BytesIO(base64.b64decode(images[0]))).size == (28, 28)
    assert api.post("/sample", json={"count": 3, "seed": 1}).json()["images"] == images
    assert api.post("/predict", json={"images": []}).status_code in (404, 405)
    refused(api.post("/sample", json={"count": 1000}), 422, "count")


def test_autoencoder_scores_images(runs):
    rows = client(runs, "autoencoder").post("/predict", json={"images": [b64(png(digit(0)))]}).json()["predictions"]
    assert rows[0]["input"] == "images[0]" and rows[0]["reconstruction_error"] >= 0


# -- the command --------------------------------------------------------------------------------------------


def test_serve_warns_off_loopback_and_refuses_an_unfinished_run(runs, monkeypatch, capsys, tmp_path):
    import uvicorn

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(options))
    assert main(["serve", str(runs["agent"]), "--host", "0.0.0.0", "--port", "8123"]) == 0
    err = capsys.readouterr().err
    assert served["host"] == "0.0.0.0" and served["port"] == 8123 and "warning" in err and "no login" in err
    assert main(["serve", str(runs["agent"])]) == 0
    assert served["host"] == "127.0.0.1" and "warning" not in capsys.readouterr().err
    status = json.loads((runs["agent"] / "status.json").read_text())
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.yaml").write_text((runs["agent"] / "config.yaml").read_text())
    (broken / "status.json").write_text(json.dumps({**status, "status": "failed", "reason": "NaN loss"}))
    assert main(["serve", str(broken)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "failed, not complete (NaN loss)" in err
