"""A catalogue of bad inputs, each generated into a temporary folder: (id, build, expected).

`build(tmp)` writes whatever files the case needs under `tmp` and returns the command line (without
`keraslab`); `expected` is text the one-line error must contain: the key, column, file or option
at fault. Every case must end with exit status 2, one line, no traceback and no run that looks
complete, before any backend is imported (the suite runs them in-process through `main()`).
"""

import io
import json
import os
import socket
import tarfile
import zipfile
from pathlib import Path

CASES = []


def case(case_id, expected):
    def register(build):
        CASES.append((case_id, build, expected))
        return build
    return register


def write(tmp, name, content):
    path = Path(tmp) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def folder(tmp, name):
    path = Path(tmp) / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def files_in_classes(tmp, contents):
    """p/<class>/<file> for each (relative path, bytes) in `contents`; returns p."""
    for name, content in contents.items():
        write(tmp, f"p/{name}", content)
    return Path(tmp) / "p"


def good_rows(count=40):
    return "".join(f"{i % 7},{(i * 3) % 5},{i * 0.5}\n" for i in range(count))


def image(path, side=8):
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (side, side), (200, 10, 10)).save(path)
    return path


def class_folder(tmp, classes=("cat", "dog"), per_class=3, name="photos"):
    root = Path(tmp) / name
    for label in classes:
        for index in range(per_class):
            image(root / label / f"{index}.png")
    return root


# --- --set values: types, ranges, non-finite numbers, list items, seeds, variants, renamed keys -----------------

_SET_CASES = [
    ("quickstart", "epoch=3", "'epoch'"),
    ("quickstart", "epochs=three", "'epochs'"),
    ("quickstart", "epochs=2.5", "'epochs'"),
    ("quickstart", "epochs=0", "'epochs'"),
    ("quickstart", "epochs=-1", "'epochs'"),
    ("quickstart", "epochs=", "'epochs'"),
    ("quickstart", "epochs=1e3x", "'epochs'"),
    ("quickstart", "learning_rate=nan", "'learning_rate'"),
    ("quickstart", "learning_rate=NaN", "'learning_rate'"),
    ("quickstart", "learning_rate=inf", "'learning_rate'"),
    ("quickstart", "learning_rate=-inf", "'learning_rate'"),
    ("quickstart", "learning_rate=1e400", "'learning_rate'"),
    ("quickstart", "learning_rate=0", "'learning_rate'"),
    ("quickstart", "learning_rate=-0.1", "'learning_rate'"),
    ("quickstart", "validation_split=1", "'validation_split'"),
    ("quickstart", "validation_split=nan", "'validation_split'"),
    ("quickstart", "dropout_rate=1.0", "'dropout_rate'"),
    ("quickstart", "optimizer=adamm", "'optimizer'"),
    ("quickstart", "seed=-1", "'seed'"),
    ("quickstart", "seed=4294967296", "'seed'"),
    ("quickstart", "seed=1.5", "'seed'"),
    ("quickstart", "batch_size=0", "'batch_size'"),
    ("quickstart", "image_size=5000", "'image_size'"),
    ("quickstart", "augmentation=flip,spin", "'augmentation'"),
    ("concrete-regression", "hidden_units=64,abc", "'hidden_units'"),
    ("concrete-regression", "hidden_units=-5,0", "'hidden_units'"),
    ("concrete-regression", "hidden_units=64,1.5", "'hidden_units'"),
    ("concrete-regression", "normalize=maybe", "'normalize'"),
    ("concrete-regression", "test_split=0", "'test_split'"),
    ("concrete-regression", "test_split=1", "'test_split'"),
    ("concrete-regression", "problem=regresion", "'problem'"),
    ("cartpole-dqn", "hidden_units=", "'hidden_units'"),
    ("cartpole-dqn", "gamma=inf", "'gamma'"),
    ("cartpole-dqn", "buffer_size=10", "'buffer_size'"),
    ("mnist-vae", "timesteps=50", "'timesteps'"),
    ("mnist-gan", "hidden_units=64", "'hidden_units'"),
    ("mnist-ddpm", "latent_dim=8", "'latent_dim'"),
    ("mnist-ddpm", "conv_filters=8,16,32,64", "'conv_filters'"),
    ("shakespeare-lstm", "num_heads=2", "'num_heads'"),
    ("shakespeare-transformer", "recurrent_units=8", "'recurrent_units'"),
    ("shakespeare-transformer", "d_model=30", "'d_model'"),
    ("shakespeare-transformer", "top_p=0", "'top_p'"),
    ("shakespeare-transformer", "embedding_dim=64", "'embedding_dim'"),
    ("functional-api", "tower_filters=8", "'tower_filters'"),
    ("vanishing-gradient", "activations=sigmoid,swish", "'activations'"),
    ("gradient-descent", "compare_learning_rates=0.1,nan", "'compare_learning_rates'"),
    ("quickstart", "noequals", "'noequals'"),
    ("quickstart", "=3", "'=3'"),
]

for _preset, _pair, _expected in _SET_CASES:
    case(f"set-{_preset}-{_pair}", _expected)(
        lambda tmp, preset=_preset, pair=_pair: ["run", preset, "--set", pair])

for _pair, _expected in [("epochs=0", "'epochs'"), ("learning_rate=nan", "'learning_rate'"),
                         ("hidden_units=8,x", "'hidden_units'")]:
    case(f"set-smoke-{_pair}", _expected)(
        lambda tmp, pair=_pair: ["run", "concrete-regression", "--smoke", "--set", pair])
    case(f"show-{_pair}", _expected)(lambda tmp, pair=_pair: ["show", "concrete-regression", "--set", pair])


# --- config files -----------------------------------------------------------------------------------------------

_YAML_CASES = [
    ("latin1", "task: tabular\nconfig:\n  data: caf\xe9\n".encode("latin-1"), "mine.yaml"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "mine.yaml"),
    ("invalid-yaml", "task: [tabular\n", "mine.yaml"),
    ("list-top", "- task: tabular\n", "mine.yaml"),
    ("no-task", "config:\n  epochs: 3\n", "mine.yaml"),
    ("unknown-task", "task: tabulr\n", "tabulr"),
    ("unknown-top-key", "task: tabular\nconfg: {}\n", "confg"),
    ("config-not-mapping", "task: tabular\nconfig: [1, 2]\n", "config"),
    ("nan-in-yaml", "task: tabular\nconfig:\n  learning_rate: .nan\n", "learning_rate"),
    ("inf-in-yaml", "task: tabular\nconfig:\n  dropout_rate: .inf\n", "dropout_rate"),
    ("bad-list-item", "task: tabular\nconfig:\n  hidden_units: [64, {a: 1}]\n", "hidden_units"),
    ("empty-file", "", "mine.yaml"),
    ("utf16", "task: tabular\n".encode("utf-16"), "mine.yaml"),
]

for _name, _content, _expected in _YAML_CASES:
    case(f"yaml-{_name}", _expected)(lambda tmp, content=_content: ["run", str(write(tmp, "mine.yaml", content))])

case("yaml-missing", "nope.yaml")(lambda tmp: ["show", str(Path(tmp) / "nope.yaml")])
case("yaml-folder", "is a folder")(lambda tmp: ["show", str(folder(tmp, "conf.yaml"))])
case("preset-typo", "mnist-cn")(lambda tmp: ["run", "mnist-cn"])


# --- CSV files for the tabular task -----------------------------------------------------------------------------

_CSV_CASES = [
    ("latin1", "x,y,z\n".encode() + "caf\xe9,1,2\n".encode("latin-1") + good_rows().encode(), "not UTF-8"),
    ("utf16", ("x,y,z\n" + good_rows()).encode("utf-16"), "UTF-16"),
    ("nul-byte", ("x,y,z\n1,2\x00,3\n" + good_rows()).encode(), "NUL"),
    ("inf-cell", "x,y,z\n1,inf,3\n" + good_rows(), "'y'"),
    ("minus-inf-feature", "x,y,z\n-inf,1,3\n" + good_rows(), "'x'"),
    ("overflow-target", "x,y,z\n1,1e400,3\n" + good_rows(), "1e400"),
    ("infinity-word", "x,y,z\n1,Infinity,3\n" + good_rows(), "Infinity"),
    ("duplicate-columns", "x,y,x\n" + good_rows(), "'x'"),
    ("empty-column-name", ",x,y\n" + good_rows(), "Column 1"),
    ("only-target", "y\n1\n2\n3\n4\n", "only the target"),
    ("all-nan-target", "x,y\n" + "".join(f"{i},nan\n" for i in range(20)), "no values"),
    ("all-empty-target", "x,y\n" + "".join(f"{i},\n" for i in range(20)), "no values"),
    ("one-row", "x,y\n1,2\n", "'y'"),
    ("two-rows", "x,y\n1,2\n3,4\n", "too few"),
    ("three-rows", "x,y\n1,2\n3,4\n5,6\n", "too few"),
    ("header-only", "x,y\n", "no data rows"),
    ("empty-file", "", "empty"),
    ("blank-lines", "\n\n\n", "empty"),
    ("ragged-row", "x,y,z\n1,2\n" + good_rows(), "Row 2"),
    ("numeric-typo", "x,y,z\n" + good_rows() + "1,2,abc\n", "'z'"),
    ("target-missing", "a,b\n" + "".join(f"{i},{i}\n" for i in range(20)), "Column 'y' not found"),
    ("png-bytes", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "a PNG image"),
    ("xlsx-bytes", b"PK\x03\x04\x14\x00\x06\x00", "zip archive"),
    ("gzip-bytes", b"\x1f\x8b\x08\x00", "gzip"),
    ("huge-field", "x,y\n\"" + "a" * 200_000 + "\",1\n" + good_rows(), "cannot be parsed"),
]

for _name, _content, _expected in _CSV_CASES:
    case(f"csv-{_name}", _expected)(lambda tmp, content=_content: [
        "run", "tabular", "--set", f"data={write(tmp, 'my.csv', content)}", "--set", "target=y"])

case("csv-no-target-key", "target")(lambda tmp: [
    "run", "tabular", "--set", f"data={write(tmp, 'my.csv', 'a,b,c' + chr(10) + good_rows())}"])
case("csv-split-leaves-one-row", "too few")(lambda tmp: [
    "run", "tabular", "--set", f"data={write(tmp, 'my.csv', 'x,y,z' + chr(10) + good_rows(20))}", "--set", "target=y",
    "--set", "test_split=0.95"])
case("csv-is-folder", "folder")(lambda tmp: [
    "run", "tabular", "--set", f"data={folder(tmp, 'dir.csv')}", "--set",
    "target=y"])
case("csv-missing", "nope.csv")(lambda tmp: [
    "run", "tabular", "--set", f"data={Path(tmp) / 'nope.csv'}", "--set", "target=y"])
case("data-empty", "'data' is empty")(lambda tmp: ["run", "tabular", "--set", "data=", "--set", "target=y"])
case("data-spaces", "'data' is empty")(lambda tmp: ["run", "tabular", "--set", "data=  ", "--set", "target=y"])
case("data-wrong-kind-dataset", "tinyshakespeare")(lambda tmp: [
    "run", "tabular", "--set", "data=tinyshakespeare", "--set", "target=y"])
case("data-image-dataset-for-text", "mnist")(lambda tmp: ["run", "shakespeare-transformer", "--set", "data=mnist"])
case("data-dataset-typo", "concret")(lambda tmp: ["run", "tabular", "--set", "data=concret"])


# --- other text and series files --------------------------------------------------------------------------------

case("text-too-short", "sequence_length")(lambda tmp: [
    "run", "shakespeare-transformer", "--set", f"data={write(tmp, 'play.txt', 'ROMEO: caf' + chr(0xE9))}"])
case("text-latin1-bytes", "not UTF-8")(lambda tmp: [
    "run", "shakespeare-transformer", "--set", f"data={write(tmp, 'play.txt', b'ROMEO: caf' + bytes([0xE9]))}"])
case("text-empty", "empty")(lambda tmp: ["run", "shakespeare-transformer", "--set",
                                         f"data={write(tmp, 'play.txt', '   ')}"])
case("text-folder", "folder")(lambda tmp: ["run", "shakespeare-transformer", "--set",
                                           f"data={folder(tmp, 'texts')}"])
case("series-unsorted", "not strictly increasing")(lambda tmp: ["run", "forecast-airline", "--set", "data=" + str(
    write(tmp, "s.csv", "date,value\n2020-01-02,1\n2020-01-01,2\n" + "".join(
        f"2021-01-{d:02d},{d}\n" for d in range(1, 28)))), "--set", "season=2"])
case("series-inf", "'value'")(lambda tmp: ["run", "forecast-airline", "--set", "data=" + str(
    write(tmp, "s.csv", "date,value\n" + "".join(f"2021-01-{d:02d},{'inf' if d == 5 else d}\n"
                                                 for d in range(1, 28)))), "--set", "season=2"])
case("series-no-dates", "dates")(lambda tmp: ["run", "forecast-airline", "--set", "data=" + str(
    write(tmp, "s.csv", "a,b\n" + "".join(f"x{i},{i}\n" for i in range(30)))), "--set", "season=2"])
case("series-date-column-typo", "'when'")(lambda tmp: ["run", "forecast-airline", "--set", "data=" + str(
    write(tmp, "s.csv", "date,value\n2021-01-01,1\n2021-01-02,2\n")), "--set", "date=when"])


# --- image folders ----------------------------------------------------------------------------------------------

def _run_images(root):
    return ["run", "image-classifier", "--set", f"data={root}"]


case("images-empty-folder", "no class sub-folders")(lambda tmp: _run_images(folder(tmp, "e")))
case("images-one-class", "one class")(lambda tmp: _run_images(class_folder(tmp, classes=("cat",))))
case("images-no-images", "no images")(lambda tmp: _run_images(
    files_in_classes(tmp, {"cat/a.txt": "x", "dog/b.txt": "y"})))
case("images-all-garbage", "readable image")(lambda tmp: _run_images(
    files_in_classes(tmp, {"cat/a.png": b"junk", "dog/b.jpg": b"junk!"})))
case("images-file-not-folder", "is a file")(lambda tmp: _run_images(image(Path(tmp) / "one.png")))
case("images-too-few-for-test", "too few")(lambda tmp: _run_images(class_folder(tmp, per_class=1)) + [
    "--set", "test_split=0.2"])


def _linked(tmp, make_link):
    root = class_folder(tmp)
    make_link(root, Path(tmp))
    return _run_images(root)


case("images-dot-link", "already included")(lambda tmp: _linked(tmp, lambda root, _: os.symlink(".", root / "dot")))
case("images-parent-link", "outside")(lambda tmp: _linked(
    tmp, lambda root, base: (image(base / "elsewhere" / "x.png"), os.symlink(base / "elsewhere", root / "cat" / "more"))))
case("images-class-alias", "already included")(lambda tmp: _linked(
    tmp, lambda root, _: os.symlink(root / "cat", root / "kitten")))
case("images-same-image-twice", "same file")(lambda tmp: _linked(
    tmp, lambda root, _: os.symlink(root / "cat" / "0.png", root / "dog" / "copy.png")))
case("images-file-link-outside", "outside")(lambda tmp: _linked(
    tmp, lambda root, base: os.symlink(image(base / "outside.png"), root / "cat" / "out.png")))
case("images-broken-link", "broken link")(lambda tmp: _linked(
    tmp, lambda root, base: os.symlink(base / "gone.png", root / "cat" / "gone.png")))
case("images-loop-link", "already included")(lambda tmp: _linked(
    tmp, lambda root, _: os.symlink("..", root / "cat" / "up")))


# --- folders for run directories --------------------------------------------------------------------------------

case("runs-dir-is-file", "--runs-dir")(lambda tmp: ["run", "quickstart", "--runs-dir",
                                                      str(write(tmp, "runs-file", "x"))])
case("runs-dir-under-file", "--runs-dir")(lambda tmp: ["run", "quickstart", "--runs-dir",
                                                         str(write(tmp, "f", "x") / "runs")])


# --- datasets ---------------------------------------------------------------------------------------------------

case("datasets-fetch-typo", "mnsit")(lambda tmp: ["datasets", "fetch", "mnsit"])
case("datasets-verify-typo", "fruts")(lambda tmp: ["datasets", "verify", "fruts"])
case("datasets-fetch-offline-missing", "fruits")(lambda tmp: ["datasets", "fetch", "fruits"])
case("datasets-verify-not-fetched", "fruits")(lambda tmp: ["datasets", "verify", "fruits"])
case("datasets-verify-file-dataset-missing", "concrete")(lambda tmp: ["datasets", "verify", "concrete"])


def hostile_archive(kind):
    """Bytes of an archive the waste dataset's mirror will serve: each refused for another reason."""
    buffer = io.BytesIO()
    if kind == "not-an-archive":
        return b"this is not an archive at all"
    if kind.startswith("zip"):
        with zipfile.ZipFile(buffer, "w") as bundle:
            if kind == "zip-climb":
                bundle.writestr("../escape.txt", "out")
            elif kind == "zip-absolute":
                bundle.writestr("/etc/escape.txt", "out")
            elif kind == "zip-symlink":
                info = zipfile.ZipInfo("o-vs-r-split/link")
                info.external_attr = 0o120777 << 16
                bundle.writestr(info, "/etc/passwd")
            elif kind in ("zip-crc", "zip-truncated", "zip-no-root"):
                bundle.writestr("o-vs-r-split/train/O/a.txt" if kind != "zip-no-root" else "other/a.txt",
                                "x" * 1000, compress_type=zipfile.ZIP_STORED)
        data = buffer.getvalue()
        if kind == "zip-crc":
            start = data.index(b"x" * 100)
            data = data[:start] + b"y" + data[start + 1:]
        if kind == "zip-truncated":
            data = data[: len(data) // 2]
        return data
    with tarfile.open(fileobj=buffer, mode="w:gz") as bundle:
        def add(name, **fields):
            info = tarfile.TarInfo(name)
            for key, value in fields.items():
                setattr(info, key, value)
            bundle.addfile(info, io.BytesIO(b"") if info.isfile() else None)
        if kind == "tar-link-out":
            add("o-vs-r-split/link", type=tarfile.SYMTYPE, linkname="../../etc/passwd")
        elif kind == "tar-link-chain":
            # Each link looks inside on its own; followed together they leave the target.
            add("o-vs-r-split/a", type=tarfile.SYMTYPE, linkname=".")
            add("o-vs-r-split/a/b", type=tarfile.SYMTYPE, linkname="..")
            add("o-vs-r-split/a/b/c", type=tarfile.SYMTYPE, linkname="..")
            add("o-vs-r-split/a/b/c/escape", type=tarfile.SYMTYPE, linkname="../../etc/passwd")
        elif kind == "tar-device":
            add("o-vs-r-split/dev", type=tarfile.CHRTYPE, devmajor=1, devminor=3)
    return buffer.getvalue()


HOSTILE_KINDS = ("not-an-archive", "zip-climb", "zip-absolute", "zip-symlink", "zip-crc", "zip-truncated",
                 "zip-no-root", "tar-link-out", "tar-link-chain", "tar-device")


# --- options of the other commands, and run folders that are not runs ---------------------------------------------

_OPTION_CASES = [
    (["generate", "RUN", "--temperature", "nan"], "--temperature"),
    (["generate", "RUN", "--temperature", "inf"], "--temperature"),
    (["generate", "RUN", "--temperature", "-1"], "--temperature"),
    (["generate", "RUN", "--top-p", "0"], "--top-p"),
    (["generate", "RUN", "--top-p", "1.5"], "--top-p"),
    (["generate", "RUN", "--top-k", "-3"], "--top-k"),
    (["generate", "RUN", "--tokens", "0"], "--tokens"),
    (["generate", "RUN", "--tokens", "ten"], "--tokens"),
    (["generate", "RUN", "--seed", "-1"], "--seed"),
    (["sample", "RUN", "--count", "0"], "--count"),
    (["sample", "RUN", "--steps", "-2"], "--steps"),
    (["sample", "RUN", "--seed", "99999999999"], "--seed"),
    (["play", "RUN", "--episodes", "0"], "--episodes"),
    (["play", "RUN", "--episodes", "nan"], "--episodes"),
    (["caption", "IMG", "--max-new-tokens", "0"], "--max-new-tokens"),
    (["run", "quickstart", "--backend", "jaxx"], "jaxx"),
    (["run", "quickstart", "--bogus"], "--bogus"),
    (["frobnicate"], "frobnicate"),
    (["run"], "PRESET"),
    (["datasets"], "ACTION"),
    (["show"], "PRESET"),
]

for _argv, _expected in _OPTION_CASES:
    case("option-" + "-".join(_argv).replace("/", ""), _expected)(lambda tmp, argv=_argv: [
        str(Path(tmp) / "run") if a == "RUN" else str(image(Path(tmp) / "i.png")) if a == "IMG" else a for a in argv])


def fake_run(tmp, task="qlearning", files=None):
    """A folder that looks like a run of `task`, holding `files` (name -> bytes)."""
    run = Path(tmp) / "runs" / "fake" / "20260101-000000-abcdef"
    write(run, "config.yaml", f"preset: fake\nbackend: tensorflow\nconfig:\n  task: {task}\n  env: FrozenLake-v1\n")
    write(run, "status.json", '{"status": "complete"}')
    for name, content in (files or {}).items():
        write(run, name, content)
    return run


case("play-not-a-run", "not a run directory")(lambda tmp: ["play", str(Path(tmp))])
case("generate-not-a-run", "not a run directory")(lambda tmp: ["generate", str(Path(tmp))])
case("sample-not-a-run", "not a run directory")(lambda tmp: ["sample", str(Path(tmp))])
case("play-wrong-task", "it has predict, not play")(lambda tmp: ["play", str(fake_run(tmp, "tabular"))])
case("play-no-q-table", "q_table.npy")(lambda tmp: ["play", str(fake_run(tmp))])
case("play-garbage-q-table", "q_table.npy")(lambda tmp: ["play", str(fake_run(tmp, files={"q_table.npy": b"junk"}))])
case("play-gif-missing-folder", "--gif")(lambda tmp: ["play", str(fake_run(tmp)), "--gif",
                                                       str(Path(tmp) / "no" / "such" / "a.gif")])
case("play-gif-is-folder", "--gif")(lambda tmp: ["play", str(fake_run(tmp)), "--gif", str(tmp)])
case("sample-output-missing-folder", "--output")(lambda tmp: ["sample", str(fake_run(tmp, "generation")),
                                                             "--output", str(Path(tmp) / "no" / "x.png")])
case("sample-no-model", "model.keras")(lambda tmp: ["sample", str(fake_run(tmp, "generation"))])
case("caption-missing-image", "nope.png")(lambda tmp: ["caption", str(Path(tmp) / "nope.png")])


# --- predict: inputs of the wrong kind, runs that are not complete or are damaged ----------------------------------

_TABULAR_SPEC = ('{"kind": "tabular", "version": 1, "problem": "regression", "target": "y", "class_names": null, '
                 '"features": {"numeric": ["x"], "categorical": {}, "mean": {"x": 0.0}, "std": {"x": 1.0}, '
                 '"medians": {"x": 0.0}, "normalize": true}}')


def fake_tabular_run(tmp, status="complete", model=None):
    files = {"spec.json": _TABULAR_SPEC, "model.keras": model} if model else {"spec.json": _TABULAR_SPEC}
    run = fake_run(tmp, "tabular", files=files)
    write(run, "status.json", json.dumps(status) if isinstance(status, dict) else f'{{"status": "{status}"}}')
    return run


case("predict-image-to-tabular", "predict on a tabular run takes CSV files; ")(lambda tmp: [
    "predict", str(fake_tabular_run(tmp)), str(write(tmp, "x.png", b"\x89PNG\r\n\x1a\n" + bytes(64)))])
case("predict-latin1-csv", "not UTF-8")(lambda tmp: [
    "predict", str(fake_tabular_run(tmp)), str(write(tmp, "rows.csv", b"x,note\n1,caf\xe9\n"))])
case("predict-csv-missing-column", "lacks column x")(lambda tmp: [
    "predict", str(fake_tabular_run(tmp)), str(write(tmp, "rows.csv", "z\n1\n"))])
case("predict-csv-infinite-cell", "infinite")(lambda tmp: [
    "predict", str(fake_tabular_run(tmp)), str(write(tmp, "rows.csv", "x\ninf\n"))])
case("predict-input-missing", "nope.csv' not found")(lambda tmp: [
    "predict", str(fake_tabular_run(tmp)), str(Path(tmp) / "nope.csv")])
case("predict-input-is-folder", "is a folder")(lambda tmp: ["predict", str(fake_tabular_run(tmp)), str(tmp)])
case("predict-no-inputs", "give one or more")(lambda tmp: ["predict", str(fake_tabular_run(tmp))])
case("predict-failed-run", "is failed, not complete")(lambda tmp: [
    "predict", str(fake_tabular_run(tmp, {"status": "failed", "reason": "DataError: bad"})), "x.csv"])
case("predict-running-run", "is running, not complete")(lambda tmp: [
    "predict", str(fake_tabular_run(tmp, {"status": "running", "pid": os.getpid(), "host": socket.gethostname()})),
    "x.csv"])
case("predict-garbage-model", "model.keras is damaged")(lambda tmp: [
    "predict", str(fake_tabular_run(tmp, model=b"garbage")), str(write(tmp, "rows.csv", "x\n1\n"))])
case("predict-no-spec", "no spec.json")(lambda tmp: [
    "predict", str(fake_run(tmp, "tabular")), str(write(tmp, "rows.csv", "x\n1\n"))])
case("predict-task-without-predictor", "has no predict, generate, sample or play")(lambda tmp: [
    "predict", str(fake_run(tmp, "fundamentals-neuron")), "1"])
case("generate-on-tabular-run", "it has predict, not generate")(lambda tmp: ["generate", str(fake_tabular_run(tmp))])
case("predict-state-out-of-range", "give an integer from 0 to 15")(lambda tmp: [
    "predict", str(fake_run(tmp, files={"q_table.npy": _npy(__import__("numpy").zeros((16, 4)))})), "99"])


# --- reinforcement-learning environments, checked before the backend loads ----------------------------------------

for _preset, _pair, _expected in [
    ("cartpole-dqn", "env=CartPol-v1", "CartPol-v1"),
    ("cartpole-dqn", "env=FrozenLake-v1", "FrozenLake-v1"),
    ("cartpole-dqn", "env=Pendulum-v1", "Pendulum-v1"),
    ("cartpole-dqn", "env_options.bogus=1", "env_options"),
    ("frozenlake-qlearning-deterministic", "env=CartPole-v1", "CartPole-v1"),
    ("frozenlake-qlearning-deterministic", "env=Taxi-v3", "Taxi-v3"),
    ("frozenlake-qlearning-deterministic", "env_options=slippery", "env_options"),
]:
    case(f"rl-{_preset}-{_pair}", _expected)(lambda tmp, preset=_preset, pair=_pair: ["run", preset, "--set", pair])


# --- more files that are not what they claim ----------------------------------------------------------------------

case("csv-device", "not a regular file")(lambda tmp: ["run", "tabular", "--set", "data=/dev/null", "--set",
                                                      "target=y"])
case("csv-semicolons", "semicolons")(lambda tmp: [
    "run", "tabular", "--set", f"data={write(tmp, 'my.csv', 'x;y' + chr(10) + '1;2' + chr(10))}", "--set",
    "target=y"])
case("csv-tabs", "tabs")(lambda tmp: [
    "run", "tabular", "--set", f"data={write(tmp, 'my.csv', 'x' + chr(9) + 'y' + chr(10) + '1' + chr(9) + '2')}",
    "--set", "target=y"])
case("yaml-bad-expect", "test_mse")(lambda tmp: [
    "run", str(write(tmp, "mine.yaml", "task: tabular\nexpect: {test_mse: about 30}\n"))])
case("yaml-bad-backends", "backends")(lambda tmp: [
    "run", str(write(tmp, "mine.yaml", "task: tabular\nbackends: 5\n"))])
case("yaml-number-key", "config")(lambda tmp: [
    "run", str(write(tmp, "mine.yaml", "task: tabular\nconfig: {1: 2}\n"))])
case("set-epochs-huge", "'epochs'")(lambda tmp: ["run", "quickstart", "--set", "epochs=10000000000"])
def _split_mismatch(tmp):
    class_folder(tmp, name="p/train")
    class_folder(tmp, classes=("cat", "bird"), name="p/test")
    return _run_images(Path(tmp) / "p")


case("images-split-class-mismatch", "'bird'")(_split_mismatch)
case("rl-env-option-value", "env_options")(lambda tmp: [
    "run", "frozenlake-qlearning-deterministic", "--set", "env_options.map_name=9x9"])
case("set-task", "'task'")(lambda tmp: ["show", "quickstart", "--set", "task=tabular"])
case("weights-missing-file", "'weights'")(lambda tmp: [
    "run", "quickstart", "--set", "backbone=small_cnn", "--set", f"weights={Path(tmp) / 'nope.h5'}"])
case("weights-folder-without-model", "model.keras")(lambda tmp: [
    "run", "quickstart", "--set", "backbone=small_cnn", "--set", f"weights={tmp}"])
case("series-shorter-than-window", "window")(lambda tmp: ["run", "forecast-airline", "--set", "data=" + str(
    write(tmp, "s.csv", "date,value\n" + "".join(f"2021-01-{d:02d},{d}\n" for d in range(1, 6))))])
case("caption-not-an-image", "fake.png")(lambda tmp: ["caption", str(write(tmp, "fake.png", b"not an image"))])


def _npy(array):
    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


case("play-q-table-wrong-shape", "shape (3, 3)")(lambda tmp: [
    "play", str(fake_run(tmp, files={"q_table.npy": _npy(__import__("numpy").zeros((3, 3)))}))])
case("play-q-table-nan", "finite")(lambda tmp: [
    "play", str(fake_run(tmp, files={"q_table.npy": _npy(__import__("numpy").full((16, 4), float("nan")))}))])
case("play-q-table-text", "q_table.npy")(lambda tmp: [
    "play", str(fake_run(tmp, files={"q_table.npy": _npy(__import__("numpy").array(["a", "b"]))}))])
case("text-nul-bytes", "NUL")(lambda tmp: ["run", "shakespeare-transformer", "--set",
                                          f"data={write(tmp, 'play.txt', bytes(range(256)) * 4)}"])
case("text-validation-tail-short", "validation tail")(lambda tmp: [
    "run", "shakespeare-transformer", "--set", f"data={write(tmp, 'play.txt', 'To be or not to be. ' * 5)}",
    "--set", "sequence_length=16", "--set", "validation_split=0.1"])
case("csv-bom-then-latin1", "line 2")(lambda tmp: ["run", "tabular", "--set", "data=" + str(
    write(tmp, "my.csv", b"\xef\xbb\xbfx,y\ncaf\xe9,2\n")), "--set", "target=y"])
case("csv-one-class", "one value only")(lambda tmp: ["run", "tabular", "--set", "data=" + str(
    write(tmp, "my.csv", "x,y\n" + "".join(f"{i},same\n" for i in range(30)))), "--set", "target=y"])
case("csv-text-regression", "holds text")(lambda tmp: ["run", "tabular", "--set", "data=" + str(
    write(tmp, "my.csv", "x,y\n" + "".join(f"{i},c{i % 3}\n" for i in range(30)))), "--set", "target=y",
    "--set", "problem=regression"])
case("csv-classes-too-small-to-stratify", "split per class")(lambda tmp: ["run", "tabular", "--set", "data=" + str(
    write(tmp, "my.csv", "x,y\n" + "".join(f"{i},c{i}\n" for i in range(6)))), "--set", "target=y"])
case("yaml-deep-nesting", "mine.yaml")(lambda tmp: ["run", str(write(tmp, "mine.yaml", "task: " + "[" * 5000))])
case("yaml-alias-bomb", "hidden_units")(lambda tmp: ["run", str(write(tmp, "mine.yaml", "task: tabular\nconfig:\n"
    "  hidden_units: &a [[1, 2], [1, 2]]\n  epochs: 1\n"))])
case("csv-newline-in-name", "bad")(lambda tmp: ["run", "tabular", "--set", "data=" + str(
    write(tmp, "bad\nname.csv", "x,y\n1,inf\n")), "--set", "target=y"])


def _run_with_backend(tmp, backend):
    run = fake_run(tmp, "generation", files={"model.keras": b"PK\x03\x04 junk"})
    write(run, "config.yaml", f"preset: mnist-vae\nbackend: {backend}\nconfig:\n  task: generation\n")
    return ["sample", str(run)]


case("sample-run-backend-unknown", "'nosuch'")(lambda tmp: _run_with_backend(tmp, "nosuch"))
case("set-odd-image-size", "'image_size'")(lambda tmp: ["run", "transpose-conv", "--set", "image_size=29"])
case("set-z-range-reversed", "'z_min'")(lambda tmp: ["run", "activations", "--set", "z_min=5", "--set", "z_max=1"])
case("set-autoencoder-no-validation", "'validation_split'")(lambda tmp: [
    "run", "mnist-autoencoder-anomaly", "--set", "validation_split=0"])
