"""What a request carries, turned into what a predictor reads.

Predictors read files (images, CSV tables, series) or text. Uploaded bytes are checked here, by their
content and never by the name the client gave, then written under names we choose inside a temporary
folder that lives only as long as the request (`upload_folder`). Every refusal is an `InputError`
naming the field (`images[2]`, `rows[0].age`) with the HTTP status that fits it.
"""

import base64
import binascii
import contextlib
import csv
import io
import math
import shutil
import tempfile
from pathlib import Path

from keraslab.errors import KeraslabError

# What PIL may decode for a predictor, and the suffix the file gets.
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "BMP": ".bmp", "WEBP": ".webp", "TIFF": ".tif"}
# A 4096 x 4096 photo; past this an image is refused before it is decoded (decompression bombs).
MAX_PIXELS = 4096 * 4096
UPLOAD_PREFIX = "keraslab-upload-"


class InputError(KeraslabError):
    """A request's input that cannot be used: `field` names it, `status` is the HTTP answer."""

    def __init__(self, message, field=None, status=400):
        super().__init__(message)
        self.field = field
        self.status = status


@contextlib.contextmanager
def upload_folder():
    """A fresh temporary folder for one request's files, removed (with all it holds) when the request ends."""
    folder = Path(tempfile.mkdtemp(prefix=UPLOAD_PREFIX))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def base64_bytes(text, field):
    """The bytes of a base64 string (a `data:image/png;base64,...` URL too)."""
    if not isinstance(text, str):
        raise InputError(f"{field} must be a base64 string.", field, 422)
    if text.startswith("data:"):
        text = text.partition(",")[2]
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise InputError(f"{field} is not valid base64; send the file's bytes base64-encoded.", field, 422) from None


def image_file(data, field, folder, index):
    """Write an uploaded image as folder/input-INDEX.EXT after checking that it is one (by its content)."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise InputError(f"{field} is empty; send a PNG or JPEG image.", field, 422)
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        kind, width, height = None, 0, 0
    if kind not in IMAGE_FORMATS:
        raise InputError(f"{field} is not an image this server reads ({', '.join(IMAGE_FORMATS)}); send a PNG or "
                         "JPEG.", field, 415)
    if width * height > MAX_PIXELS:
        raise InputError(f"{field} is {width}x{height} pixels; the limit is {MAX_PIXELS:,} pixels. Send a smaller "
                         "image.", field, 413)
    path = folder / f"input-{index}{IMAGE_FORMATS[kind]}"
    path.write_bytes(data)
    return path


def csv_file(data, field, folder, index):
    """Write an uploaded CSV as folder/input-INDEX.csv after checking that it is UTF-8 text."""
    if b"\x00" in data[:65536]:
        raise InputError(f"{field} is not a CSV file (binary content); send UTF-8 text with a header row.", field, 415)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{field} is not UTF-8 text; save the CSV as UTF-8 and send it again.", field, 415) from None
    if not data.strip():
        raise InputError(f"{field} is empty; send a CSV with a header row and at least one data row.", field, 422)
    path = folder / f"input-{index}.csv"
    path.write_bytes(data)
    return path


def rows_csv(rows, folder):
    """Rows of {column: value} as one CSV (header: every column, in first-seen order); missing cells empty."""
    columns = list(dict.fromkeys(column for row in rows for column in row))
    for number, row in enumerate(rows):
        for column, value in row.items():
            where = f"rows[{number}].{column}"
            if isinstance(value, (dict, list)):
                raise InputError(f"{where} is a {type(value).__name__}; give a number, a text or null.", where, 422)
            if isinstance(value, float) and not math.isfinite(value):
                raise InputError(f"{where} is not a finite number.", where, 422)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    path = folder / "rows.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def series_csv(dates, values, date_column, value_column, folder):
    """A series given as two lists, written as the CSV a forecaster reads (its own column names)."""
    if len(dates) != len(values):
        raise InputError(f"dates has {len(dates)} entries and values {len(values)}; give one date per value.",
                         "dates", 422)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([date_column, value_column])
    writer.writerows(zip(dates, values))
    path = folder / "series.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def png_base64(pixels):
    """An image array (height, width, channels) in [0, 1] as a base64 PNG."""
    import numpy as np
    from PIL import Image

    array = np.clip(np.asarray(pixels, dtype="float32") * 255 + 0.5, 0, 255).astype("uint8")
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")
