from .models import DatasetFile


def current_files() -> dict[str, dict[str, DatasetFile]]:
    """The files of the last build, {dataset: {format: file}}, in one query."""
    files: dict[str, dict[str, DatasetFile]] = {}
    for file in DatasetFile.objects.all():
        files.setdefault(file.dataset, {})[file.format] = file
    return files
