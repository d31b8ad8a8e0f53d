"""Building the open data: every dataset streamed to storage as CSV and JSON, then one ZIP of all.

Memory stays flat whatever the size of the province: rows come from the database in chunks
(`datasets.py`), are written through a csv writer and a JSON writer on text wrappers around
temporary files on disk, and each finished file is handed to Django's storage API, which copies
it in chunks (`File.chunks()`); the ZIP copies each stored file into the archive through
`ZipFile.open(..., "w")`, again in chunks. A build writes into a new folder and only then
swaps the rows of `DatasetFile`, so a download never sees half a build; the previous build's
files are deleted once the swap commits.
"""

import csv
import hashlib
import io
import json
import logging
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import datetime
from typing import IO

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation

from core.links import site_url
from core.permissions import require

from .datasets import (
    ALL,
    DATASETS,
    LICENCE_NAME,
    LICENCE_TITLE,
    LICENCE_URL,
    Dataset,
)
from .models import DatasetFile, Format

logger = logging.getLogger(__name__)
COPY_CHUNK = 256 * 1024
FOLDER = "open-data"


def _csv_cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_dataset(
    dataset: Dataset, csv_file: IO[bytes], json_file: IO[bytes], built_at: str
) -> int:
    """Write the dataset's rows once, as CSV and as JSON, into two binary files. Returns the
    number of rows. Holds one row (and the database driver's chunk) at a time."""
    header = dataset.header
    csv_text = io.TextIOWrapper(csv_file, encoding="utf-8", newline="")
    json_text = io.TextIOWrapper(json_file, encoding="utf-8")
    try:
        writer = csv.writer(csv_text)
        writer.writerow(header)
        json_text.write(
            "{"
            f'"dataset": {json.dumps(dataset.slug)}, "built_at": {json.dumps(built_at)}, '
            f'"licence": {json.dumps({"name": LICENCE_NAME, "path": LICENCE_URL})}, '
            f'"fields": {json.dumps(header)}, "rows": ['
        )
        count = 0
        for row in dataset.rows():
            writer.writerow([_csv_cell(value) for value in row])
            json_text.write(",\n" if count else "\n")
            json_text.write(json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False))
            count += 1
        json_text.write(f'\n], "count": {count}}}\n')
    finally:
        csv_text.flush()
        json_text.flush()
        # Detached, the wrappers leave the binary files open for the caller.
        csv_text.detach()
        json_text.detach()
    return count


def _digest(file: IO[bytes]) -> tuple[str, int]:
    file.seek(0)
    sha, size = hashlib.sha256(), 0
    while chunk := file.read(COPY_CHUNK):
        sha.update(chunk)
        size += len(chunk)
    file.seek(0)
    return sha.hexdigest(), size


def _store(file: IO[bytes], name: str) -> tuple[str, str, int]:
    """Save a finished temporary file to storage (copied in chunks). Returns (name, sha, size)."""
    sha, size = _digest(file)
    stored = default_storage.save(name, File(file, name=name.rsplit("/", 1)[-1]))
    return stored, sha, size


def data_package(built_at: str) -> dict:
    """The data dictionary as a Frictionless Data Package (datapackage.json): every dataset,
    every column's name, type, meaning (English and Vietnamese) and allowed values, and the
    licence."""

    def described(language: str) -> list[dict]:
        with translation.override(language):
            return [
                {
                    "title": str(dataset.title),
                    "description": str(dataset.description),
                    "fields": [str(column.description) for column in dataset.columns],
                }
                for dataset in DATASETS
            ]

    english, vietnamese = described("en"), described("vi")
    resources = []
    for dataset, en, vi in zip(DATASETS, english, vietnamese, strict=True):
        fields = []
        for column, en_text, vi_text in zip(
            dataset.columns, en["fields"], vi["fields"], strict=True
        ):
            field = {
                "name": column.name,
                "type": column.type,
                "description": en_text,
                "description_vi": vi_text,
            }
            if column.allowed:
                field["constraints"] = {"enum": list(column.allowed)}
            fields.append(field)
        resources.append(
            {
                "name": dataset.slug,
                "path": f"helix-{dataset.slug}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "title": en["title"],
                "title_vi": vi["title"],
                "description": en["description"],
                "description_vi": vi["description"],
                "schema": {"fields": fields},
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "helix-open-data",
        "title": "Helix open data",
        "homepage": site_url("/open-data/"),
        "created": built_at,
        "licenses": [{"name": LICENCE_NAME, "title": LICENCE_TITLE, "path": LICENCE_URL}],
        "resources": resources,
    }


def licence_text(built_at: str) -> str:
    return (
        f"Helix open data, built {built_at}\n{site_url('/open-data/')}\n\n"
        f"Licence: {LICENCE_TITLE} ({LICENCE_NAME})\n{LICENCE_URL}\n\n"
        "You may share and adapt these data for any purpose, even commercially, provided you "
        'give appropriate credit ("Helix open data", with the address above), indicate if '
        "changes were made, and do not suggest that Helix endorses you or your use.\n\n"
        f"Giấy phép: Creative Commons Ghi công 4.0 Quốc tế ({LICENCE_NAME}).\n"
        "Bạn được chia sẻ và phóng tác dữ liệu này cho mọi mục đích, kể cả thương mại, với điều "
        'kiện ghi nguồn ("Dữ liệu mở Helix", kèm địa chỉ ở trên) và nêu rõ nếu có thay đổi.\n'
    )


def _write_zip(archive_file: IO[bytes], files: Iterable[tuple[str, str]], built_at: str) -> None:
    """Copy each stored file (storage name, name in the archive) into the ZIP, in chunks."""
    with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for stored, arcname in files:
            with (
                default_storage.open(stored, "rb") as source,
                archive.open(arcname, "w", force_zip64=True) as target,
            ):
                shutil.copyfileobj(source, target, COPY_CHUNK)
        archive.writestr(
            "datapackage.json",
            json.dumps(data_package(built_at), ensure_ascii=False, indent=2),
        )
        archive.writestr("LICENCE.txt", licence_text(built_at))


def open_data_build(*, by=None, now: datetime | None = None) -> list[DatasetFile]:
    """Build every dataset and the ZIP, then make them the current files. `by` is checked
    (`opendata.build`) when a person asks; the nightly task passes none."""
    if by is not None:
        require(by, "opendata.build")
    built = now or timezone.now()
    built_at = built.isoformat()
    folder = f"{FOLDER}/{built:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    rows: list[DatasetFile] = []
    try:
        for dataset in DATASETS:
            with tempfile.TemporaryFile() as csv_file, tempfile.TemporaryFile() as json_file:
                count = write_dataset(dataset, csv_file, json_file, built_at)
                for fmt, file in ((Format.CSV, csv_file), (Format.JSON, json_file)):
                    stored, sha, size = _store(file, f"{folder}/helix-{dataset.slug}.{fmt}")
                    rows.append(
                        DatasetFile(
                            dataset=dataset.slug,
                            format=fmt,
                            path=stored,
                            size=size,
                            rows=count,
                            sha256=sha,
                            built_at=built,
                        )
                    )
        with tempfile.TemporaryFile() as archive_file:
            _write_zip(archive_file, [(row.path, row.filename) for row in rows], built_at)
            stored, sha, size = _store(archive_file, f"{folder}/helix-{ALL}.zip")
        rows.append(
            DatasetFile(
                dataset=ALL, format=Format.ZIP, path=stored, size=size, sha256=sha, built_at=built
            )
        )
    except BaseException:
        for row in rows:
            default_storage.delete(row.path)
        raise
    with transaction.atomic():
        old = list(DatasetFile.objects.select_for_update().values_list("path", flat=True))
        DatasetFile.objects.all().delete()
        DatasetFile.objects.bulk_create(rows)
        transaction.on_commit(lambda: _delete_files(old))
    logger.info("Open data built in %s: %d files", folder, len(rows))
    return rows


def _delete_files(paths: list[str]) -> None:
    for path in paths:
        try:
            default_storage.delete(path)
        except OSError:  # already gone: nothing to do
            logger.warning("Could not delete old open-data file %s", path)
