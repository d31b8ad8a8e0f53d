import csv
import io
import json
import re
import tracemalloc
import zipfile

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage

from matchmaking.models import Resource
from opendata import services
from opendata.datasets import BY_SLUG, DATASETS
from opendata.models import DatasetFile
from organisations.models import Organisation
from projects.models import ConsortiumPartner, Project, Solution, StatusChange

EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.-]+")


def _read(file: DatasetFile) -> bytes:
    with default_storage.open(file.path, "rb") as handle:
        return handle.read()


def _every_file_bytes() -> list[tuple[str, bytes]]:
    """Every generated file, and every member of the ZIP."""
    contents = []
    for file in DatasetFile.objects.all():
        data = _read(file)
        if file.format != "zip":  # compressed: its members are read below
            contents.append((file.filename, data))
        else:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                contents += [(name, archive.read(name)) for name in archive.namelist()]
    return contents


def test_no_file_holds_an_email_address_a_persons_name_a_comment_or_a_draft(province):
    services.open_data_build()
    contents = _every_file_bytes()
    assert len(contents) == 2 * len(DATASETS) + 2 * len(DATASETS) + 2  # files, ZIP members
    forbidden = [person.display_name for person in province["people"]]
    forbidden += [person.email for person in province["people"]]
    forbidden += ["My street floods first", "A hidden insult", province["draft"].title]
    for name, data in contents:
        assert not EMAIL.findall(data), name
        text = data.decode("utf-8")
        for value in forbidden:
            assert value not in text, (name, value)
    # ...while the public parts are there.
    everything = b"".join(data for _name, data in contents).decode()
    assert "Flood warnings on the Thị Tính" in everything
    assert "TDMU Water Lab" in everything


def _csv(slug: str) -> list[dict]:
    data = _read(DatasetFile.objects.get(dataset=slug, format="csv")).decode("utf-8")
    return list(csv.DictReader(io.StringIO(data, newline="")))


def _json(slug: str) -> dict:
    return json.loads(_read(DatasetFile.objects.get(dataset=slug, format="json")))


def test_the_files_parse_back_into_the_same_counts(province):
    services.open_data_build()
    anonymous = AnonymousUser()
    projects = Project.objects.visible_to(anonymous)
    solutions = Solution.objects.visible_to(anonymous)
    expected = {
        "projects": projects.count(),
        "solutions": solutions.count(),
        "consortia": solutions.filter(lead_organisation__isnull=False).count()
        + ConsortiumPartner.objects.filter(status="accepted").count(),
        "organisations": Organisation.objects.count(),
        "supports": projects.filter(support_count__gt=0).count()
        + solutions.filter(support_count__gt=0).count(),
        "resource-offers": Resource.objects.public().filter(direction="offer").count(),
        "status-changes": StatusChange.objects.exclude(project=province["draft"]).count(),
    }
    assert expected == {
        "projects": 2,
        "solutions": 2,
        "consortia": 2,
        "organisations": 4,
        "supports": 3,
        "resource-offers": 1,
        "status-changes": expected["status-changes"],
    }
    for slug, count in expected.items():
        rows, document = _csv(slug), _json(slug)
        assert len(rows) == count == document["count"] == len(document["rows"]), slug
        assert list(rows[0]) == BY_SLUG[slug].header == document["fields"]
        assert DatasetFile.objects.get(dataset=slug, format="csv").rows == count
    supports = {
        (row["subject"], row["project_slug"], row["solution_id"]): row for row in _csv("supports")
    }
    flood, _traffic = province["projects"]
    row = supports[("project", flood.slug, "")]
    assert int(row["support_count"]) == flood.support_count == 7
    assert (
        sum(int(row[f"support_{s}"]) for s in ("government", "enterprise", "academia", "community"))
        == 7
    )
    assert sum(int(r["support_count"]) for r in supports.values()) == 7 + 3 + 1
    solutions_rows = {row["title"]: row for row in _csv("solutions")}
    assert solutions_rows["A rain gauge on my roof"]["lead_type"] == "individual"
    assert solutions_rows["A rain gauge on my roof"]["lead_organisation_name"] == ""
    assert _json("projects")["rows"][0]["seeks_academia"] is True
    assert _csv("projects")[0]["seeks_academia"] == "true"
    offers = _csv("resource-offers")
    assert offers[0]["districts"] == "thu-dau-mot,ben-cat"


def test_every_value_is_one_the_dictionary_allows(province):
    services.open_data_build()
    for dataset in DATASETS:
        for row in _csv(dataset.slug):
            for column in dataset.columns:
                if column.allowed and row[column.name]:
                    for value in row[column.name].split(","):
                        assert value in column.allowed, (dataset.slug, column.name, value)


def test_the_zip_holds_every_file_the_dictionary_and_the_licence(province):
    services.open_data_build()
    archive = zipfile.ZipFile(io.BytesIO(_read(DatasetFile.objects.get(dataset="all"))))
    names = set(archive.namelist())
    assert {
        "datapackage.json",
        "LICENCE.txt",
        "helix-projects.csv",
        "helix-status-changes.json",
    } <= names
    package = json.loads(archive.read("datapackage.json"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["status"]["constraints"]["enum"][0] == "open"
    assert fields["title"]["description_vi"]
    assert "CC-BY-4.0" in archive.read("LICENCE.txt").decode()
    assert archive.read("helix-projects.csv") == _read(
        DatasetFile.objects.get(dataset="projects", format="csv")
    )


def test_a_new_build_replaces_the_files_and_deletes_the_old_ones(
    province, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = {f.path for f in services.open_data_build()}
    with django_capture_on_commit_callbacks(execute=True):
        second = {f.path for f in services.open_data_build()}
    assert not first & second
    assert all(default_storage.exists(path) for path in second)
    assert not any(default_storage.exists(path) for path in first)
    assert DatasetFile.objects.count() == 2 * len(DATASETS) + 1


def _peak_while_building(dataset) -> int:
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        # The files live on disk in a build; sinks keep what is written out of the measure.
        services.write_dataset(dataset, _Sink(), _Sink(), "2026-01-01")
        return tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()


class _Sink(io.RawIOBase):
    """A binary file that forgets what it is given (the files live on disk in a build)."""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        return len(data)


@pytest.mark.slow
def test_memory_stays_flat_however_many_rows(db):
    def add(count: int, start: int) -> None:
        Organisation.objects.bulk_create(
            Organisation(
                name=f"Organisation number {n} " + "x" * 150,
                slug=f"bulk-{n}",
                sector="enterprise",
                district="thu-dau-mot",
                description="d",
            )
            for n in range(start, start + count)
        )

    dataset = BY_SLUG["organisations"]
    add(5_000, 0)
    _peak_while_building(dataset)  # once, for what is made only once (compiled queries...)
    small = _peak_while_building(dataset)
    add(20_000, 5_000)
    large = _peak_while_building(dataset)
    # Five times the rows (25,000 of some 250 bytes: 10 MB and more as Python objects if held),
    # the same peak: the chunk being written and the one being fetched, never more.
    assert large < small * 1.2, (small, large)
    assert large < 4_000_000


def test_the_nightly_build_is_scheduled_and_its_task_builds(province, settings):
    from helix.celery import app
    from opendata.tasks import build_open_data

    entry = settings.CELERY_BEAT_SCHEDULE["opendata-build"]
    assert entry["task"] == build_open_data.name in app.tasks
    assert build_open_data.delay().get() == 2 * len(DATASETS) + 1
