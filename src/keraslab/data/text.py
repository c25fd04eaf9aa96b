"""Plain text in: a registered corpus or the user's own .txt file, decoded strictly as UTF-8.

Bytes that are not UTF-8 stop the run with the offset of the first bad byte: silently replacing
them would teach the model a character that is not in the text.
"""

from pathlib import Path

from keraslab.errors import DataError


def read_text(path):
    path = Path(path)
    if not path.is_file():
        raise DataError(f"Text file '{path}' not found. Give --set data= a .txt file or a dataset name.")
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    from keraslab.data.csv_table import binary_kind

    if binary_kind(raw):
        raise DataError(f"Text file '{path}' is {binary_kind(raw)}, not text. Give a UTF-8 .txt file.")
    if b"\x00" in raw:
        raise DataError(f"Text file '{path}' holds a NUL byte at offset {raw.index(bytes(1))}: it is binary (or "
                        "UTF-16), not UTF-8 text. Give a plain-text file.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError(f"Text file '{path}' is not UTF-8: byte 0x{raw[error.start]:02x} at offset {error.start}. "
                        "Convert it first, e.g. iconv -f latin1 -t utf-8 IN > OUT.") from None
    if not text.strip():
        raise DataError(f"Text file '{path}' is empty. Give a file with text to learn from.")
    return text


def load_text_dataset(folder, dataset):
    return read_text(Path(folder) / dataset.extra["file"])


def load_text_data(value):
    """The text of a registered corpus or of a path."""
    from keraslab.data.load import dataset_folder, resolve_data

    source, found = resolve_data(value, "text")
    if source == "path":
        if found.is_dir():
            raise DataError(f"Data '{value}' is a folder; text generation needs one .txt file.")
        return read_text(found)
    if found.kind != "text":
        raise DataError(f"Dataset '{value}' holds {found.kind}, not text; try tinyshakespeare or a .txt file.")
    return found.load_function()(dataset_folder(found), found)
