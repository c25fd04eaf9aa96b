"""One run's predictor, ready for concurrent requests.

Every predictor call runs on one worker thread (a Keras model is not called from two threads at
once), and predict requests that wait while a batch runs are answered together by the next batch:
with eight clients each sending one image, the model sees batches of about eight, which is what lets
one small CPU answer hundreds of requests a second. A full queue is refused (`Busy`), not grown.
"""

import collections
import concurrent.futures
import inspect
import threading

from keraslab.errors import KeraslabError
from keraslab.inference import load_predictor

# Requests waiting at once, and inputs in one batch: beyond the first a client hears 503 and retries.
MAX_WAITING = 256
MAX_BATCH = 64


class Busy(KeraslabError):
    """Too many requests are waiting; the client should retry shortly."""


class _Job:
    def __init__(self, fn, inputs, key):
        self.fn, self.inputs, self.key = fn, inputs, key
        self.future = concurrent.futures.Future()


class Worker:
    """A thread that runs predictor calls one at a time; jobs with the same `key` that are waiting are
    merged into one call (their inputs concatenated, the answers split back)."""

    def __init__(self, max_waiting=MAX_WAITING, max_batch=MAX_BATCH):
        self.max_waiting, self.max_batch = max_waiting, max_batch
        self._jobs = collections.deque()
        self._ready = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name="keraslab-predictor", daemon=True)
        self._thread.start()

    def submit(self, fn, inputs=None, key=None):
        """A Future of fn(inputs) (or fn() without inputs); with `key`, fn maps a list to a list of equal length."""
        job = _Job(fn, inputs, key)
        with self._ready:
            if len(self._jobs) >= self.max_waiting:
                raise Busy(f"{len(self._jobs)} requests are waiting; retry in a moment.")
            self._jobs.append(job)
            self._ready.notify()
        return job.future

    def _loop(self):
        while True:
            with self._ready:
                while not self._jobs:
                    self._ready.wait()
                batch = [self._jobs.popleft()]
                size = len(batch[0].inputs or ())
                while batch[0].key is not None and self._jobs and self._jobs[0].key == batch[0].key \
                        and size + len(self._jobs[0].inputs) <= self.max_batch:
                    size += len(self._jobs[0].inputs)
                    batch.append(self._jobs.popleft())
            self._run(batch)

    def _run(self, batch):
        if len(batch) == 1:
            job = batch[0]
            _settle(job.future, lambda: job.fn(job.inputs) if job.key is not None else job.fn())
            return
        try:
            answers = batch[0].fn([item for job in batch for item in job.inputs])
        except KeraslabError:
            # One request's bad input must not fail the others: answer each on its own.
            for job in batch:
                self._run([job])
            return
        except BaseException as error:  # noqa: BLE001 - handed to every waiting request
            for job in batch:
                job.future.set_exception(error)
            return
        start = 0
        for job in batch:
            job.future.set_result(answers[start:start + len(job.inputs)])
            start += len(job.inputs)


def _settle(future, call):
    try:
        future.set_result(call())
    except BaseException as error:  # noqa: BLE001 - the request that asked hears it
        future.set_exception(error)


class PredictionService:
    """A run's predictor and what it takes (`kind`: images, rows, texts, series, states, or None for a
    generator that only samples), behind a worker shared with other services of the same process."""

    def __init__(self, run_path, worker=None):
        self.predictor = load_predictor(run_path)
        self.run_dir = self.predictor.run_dir
        self.kind = input_kind(self.predictor)
        self.worker = worker or Worker()
        # Classifiers can also list their most likely classes (predict(..., top=N)).
        self.ranks = self.kind is not None and "top" in inspect.signature(self.predictor.predict).parameters

    @property
    def verbs(self):
        return tuple(self.predictor.verbs)

    def describe(self):
        """What a client needs to call this run: its preset, task, verbs and what `predict` takes."""
        classes = None
        if self.kind is not None:
            try:
                classes = self.predictor.spec.get("class_names")
            except (KeraslabError, AttributeError):
                classes = None
        about = {"run": self.run_dir.path.name, "preset": self.run_dir.preset, "task": self.run_dir.task,
                 "verbs": list(self.verbs), "input": self.kind, "takes": self.predictor.takes}
        if classes:
            about["classes"] = list(classes)
        if self.kind == "rows":
            about["columns"] = list(self.predictor.columns)
        return about

    def warm(self):
        """Load the model now, so that the first request does not wait for it."""
        if self.run_dir.model_path.is_file():
            return self.call(lambda: self.predictor.model).result()
        return None

    def predict(self, inputs, top=1):
        """A Future of one answer per input (images, texts, states), batched with other waiting requests."""
        options = {"top": top} if self.ranks and top > 1 else {}
        return self.worker.submit(lambda batch: self.predictor.predict(batch, **options), list(inputs),
                                  key=(id(self), "predict", top))

    def call(self, fn):
        """A Future of fn() run on the worker (generate, sample, play, forecast, tables)."""
        return self.worker.submit(fn)


def input_kind(predictor):
    """What `predict` of this predictor reads: images, rows (a table), texts, series, states; None: no predict."""
    from keraslab.predictors.agents import Agent
    from keraslab.predictors.captioning import Captioner
    from keraslab.predictors.forecasting import Forecaster
    from keraslab.predictors.images import ImageClassifierPredictor
    from keraslab.predictors.reconstruction import ReconstructionPredictor
    from keraslab.predictors.seq2seq import DateTranslator
    from keraslab.predictors.tabular import TabularPredictor
    from keraslab.predictors.text_classification import TextClassifier
    from keraslab.predictors.text_generation import TextGenerator

    if "predict" not in predictor.verbs:
        return None
    kinds = [((ImageClassifierPredictor, ReconstructionPredictor, Captioner), "images"),
             ((TabularPredictor,), "rows"), ((TextClassifier, DateTranslator, TextGenerator), "texts"),
             ((Forecaster,), "series"), ((Agent,), "states")]
    for classes, kind in kinds:
        if isinstance(predictor, classes):
            return kind
    raise KeraslabError(f"Run {predictor.run_dir.path}: its predictor {type(predictor).__name__} is not one "
                        "the server knows how to feed; use keraslab predict.")
