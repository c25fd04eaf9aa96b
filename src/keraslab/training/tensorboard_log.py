"""TensorBoard event files of a run, regenerated from its history (written only through RunContext).

    <run>/tensorboard/events.out.tfevents.keraslab           the config as text, plots/*.png as images
    <run>/tensorboard/<phase>/events.out.tfevents.keraslab   every history column per epoch, the config as hparams

Each file is rewritten whole from what the run holds (history, config, plots) and renamed into place, so a
killed and resumed run ends with the same events as an uninterrupted one (wall-time stamps aside: every event
of a rewritten file carries the time the file was written). While a phase trains, each further epoch is
appended to its file instead (`append_scalars`): rewriting the whole file every epoch cost a third of a
400-epoch tabular run. Written with the `tensorboard` package's own record writer
and protos, not tf.summary, so it works on every backend; skipped (one line said) when the package is absent.
The step of an epoch counts across phases, so phases follow one another on TensorBoard's x axis; in a run
whose phases are alternatives (RunContext.overlay_phases) each phase starts at step 1, so they overlay.
"""

import importlib.util
import json
import os
import tempfile
import struct
import time

FOLDER = "tensorboard"
EVENTS_NAME = "events.out.tfevents.keraslab"


def available():
    return importlib.util.find_spec("tensorboard") is not None


def write_scalars(root, phases, config, overlaid=False):
    """phases: {phase: {metric: [value per epoch]}} -> root/<phase>/events..., one scalar tag per metric, and
    the config as the phase's hparams (a phase folder is the HParams plugin's session: its scalars are the
    session's metrics; the run folder itself cannot be one, as `--logdir_spec` names it '<name>/.').
    overlaid: the phases are alternatives (a comparison), each starting at step 1, so their curves overlay."""
    from tensorboard.plugins.hparams import summary_v2 as hparams_summary

    hparams = {key: _hparam_value(value) for key, value in sorted(config.items())}
    step = 0
    for phase, history in phases.items():
        epochs = max((len(values) for values in history.values()), default=0)
        summaries = [(0, hparams_summary.hparams_pb(hparams, trial_id=f"{root.parent.name}/{phase}",
                                                    start_time_secs=0))]
        summaries += [(step + epoch + 1, _epoch_summary(history, epoch)) for epoch in range(epochs)]
        step += 0 if overlaid else epochs
        if epochs:
            _write_events(root / phase, summaries)


def append_scalars(root, phases, count=1, overlaid=False):
    """The last phase's last `count` epochs appended to its events file, which `write_scalars` wrote with
    every earlier epoch: records for the new epochs instead of the whole file again. A record cut short by
    a kill is rewritten whole by the resumed run's first `write_scalars`. overlaid: as in `write_scalars`."""
    from tensorboard.compat.proto import event_pb2
    from tensorboard.summary.writer.record_writer import RecordWriter

    phase, history = list(phases.items())[-1]
    epochs = [max((len(values) for values in h.values()), default=0) for h in phases.values()]
    earlier = 0 if overlaid else sum(epochs[:-1])
    with open(root / phase / EVENTS_NAME, "ab") as stream:
        writer = RecordWriter(stream)
        for epoch in range(epochs[-1] - count, epochs[-1]):
            event = event_pb2.Event(wall_time=time.time(), step=earlier + epoch + 1,
                                    summary=_epoch_summary(history, epoch))
            writer.write(event.SerializeToString())


def _epoch_summary(history, epoch):
    from tensorboard.compat.proto import summary_pb2

    summary = summary_pb2.Summary()
    for name, values in history.items():
        if epoch < len(values):
            summary.value.add(tag=name, simple_value=float(values[epoch]))
    return summary


def write_run_summary(root, config, plots_folder):
    """The config as a JSON text, and every picture in plots/ as an image."""
    from tensorboard.compat.proto import summary_pb2, tensor_pb2
    from tensorboard.plugins.text import metadata as text_metadata

    summaries = []
    text = summary_pb2.Summary()
    tensor = tensor_pb2.TensorProto(dtype=7, string_val=[  # 7: DT_STRING
        ("    " + json.dumps(config, indent=2, sort_keys=True, default=str).replace("\n", "\n    ")).encode()])
    text.value.add(tag="config", metadata=text_metadata.create_summary_metadata("config", "the resolved config"),
                   tensor=tensor)
    summaries.append((0, text))
    for path in sorted(plots_folder.glob("*.png")) if plots_folder.is_dir() else []:
        encoded = path.read_bytes()
        if len(encoded) < 24 or encoded[12:16] != b"IHDR":
            continue
        width, height = struct.unpack(">II", encoded[16:24])
        image = summary_pb2.Summary()
        image.value.add(tag=f"plots/{path.stem}", image=summary_pb2.Summary.Image(
            height=height, width=width, colorspace={0: 1, 2: 3, 4: 2, 6: 4}.get(encoded[25], 3),
            encoded_image_string=encoded))
        summaries.append((0, image))
    _write_events(root, summaries)


def _hparam_value(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    return json.dumps(value, sort_keys=True, default=str)


def _write_events(folder, summaries):
    """[(step, Summary)] -> folder/events..., whole, via a temporary renamed into place."""
    from tensorboard.compat.proto import event_pb2
    from tensorboard.summary.writer.record_writer import RecordWriter

    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    # The temporary's name lacks "tfevents", so a TensorBoard watching the folder never reads it half-written.
    handle, temporary = tempfile.mkstemp(prefix=".keraslab-events.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            writer = RecordWriter(stream)
            writer.write(event_pb2.Event(wall_time=now, file_version="brain.Event:2").SerializeToString())
            for step, summary in summaries:
                writer.write(event_pb2.Event(wall_time=now, step=step, summary=summary).SerializeToString())
        os.replace(temporary, folder / EVENTS_NAME)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
