"""/open-data/: the datasets, their dictionary and licence, and their files (with ETag and
Last-Modified, answering 304 to a conditional request)."""

import json

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import condition, require_safe

from . import services
from .datasets import ALL, BY_SLUG, DATASETS, LICENCE_TITLE, LICENCE_URL
from .models import DatasetFile, Format
from .selectors import current_files

CONTENT_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.JSON: "application/json",
    Format.ZIP: "application/zip",
}


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    files = current_files()
    return render(
        request,
        "opendata/open_data.html",
        {
            "datasets": [(dataset, files.get(dataset.slug, {})) for dataset in DATASETS],
            "archive": files.get(ALL, {}).get(Format.ZIP),
            "licence_title": LICENCE_TITLE,
            "licence_url": LICENCE_URL,
        },
    )


def _file(request: HttpRequest, dataset: str, fmt: str) -> DatasetFile:
    if not hasattr(request, "_open_data_file"):
        known = (dataset in BY_SLUG and fmt in (Format.CSV, Format.JSON)) or (
            dataset == ALL and fmt == Format.ZIP
        )
        request._open_data_file = (
            DatasetFile.objects.filter(dataset=dataset, format=fmt).first() if known else None
        )
    if request._open_data_file is None:
        raise Http404
    return request._open_data_file


@require_safe
@condition(
    etag_func=lambda request, dataset, fmt: f'"{_file(request, dataset, fmt).sha256}"',
    last_modified_func=lambda request, dataset, fmt: _file(request, dataset, fmt).built_at,
)
def download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    file = _file(request, dataset, fmt)
    try:
        handle = default_storage.open(file.path, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=file.filename, content_type=CONTENT_TYPES[file.format]
    )
    response["Content-Length"] = file.size
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def data_package(request: HttpRequest) -> HttpResponse:
    """The data dictionary alone (datapackage.json, as in the ZIP)."""
    built = DatasetFile.objects.filter(dataset=ALL).values_list("built_at", flat=True).first()
    body = json.dumps(
        services.data_package((built or timezone.now()).isoformat()), ensure_ascii=False, indent=2
    )
    return HttpResponse(body, content_type="application/json")
