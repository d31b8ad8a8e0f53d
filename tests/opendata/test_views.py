import pytest
from django.urls import reverse
from django.utils.http import http_date

from opendata import services
from opendata.datasets import DATASETS
from opendata.models import DatasetFile
from tests.factories import ProjectFactory, UserFactory


def test_the_page_says_when_each_file_was_built_its_size_and_the_licence(client, province):
    services.open_data_build()
    response = client.get(reverse("opendata:index"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "CC BY 4.0" in page
    assert "creativecommons.org/licenses/by/4.0/" in page
    for file in DatasetFile.objects.all():
        assert file.get_absolute_url() in page
    assert "helix-projects.csv" in page
    assert "2 rows" in page
    assert 'datetime="' in page
    assert "status-changes" in page
    assert "<code>organisation_sector</code>" in page


def test_before_the_first_build_the_page_says_so(client, db):
    response = client.get(reverse("opendata:index"))
    assert "not been built yet" in response.content.decode()


def test_the_footer_links_to_the_open_data(client, db):
    assert reverse("opendata:index") in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_the_page_and_the_api_run_a_constant_number_of_queries(
    client, db, size, django_assert_max_num_queries
):
    ProjectFactory.create_batch(size)
    services.open_data_build()
    with django_assert_max_num_queries(3):
        assert client.get(reverse("opendata:index")).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/open-data/").status_code == 200


def test_a_file_answers_etag_and_last_modified_and_304(client, province):
    services.open_data_build()
    file = DatasetFile.objects.get(dataset="projects", format="csv")
    url = file.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response["ETag"] == f'"{file.sha256}"'
    assert response["Last-Modified"] == http_date(file.built_at.timestamp())
    body = b"".join(response.streaming_content)
    assert body.startswith(b"id,slug,url,kind,")
    assert len(body) == file.size
    assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304
    assert (
        client.get(url, headers={"if-modified-since": response["Last-Modified"]}).status_code == 304
    )
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200


def test_unknown_files_are_404(client, province):
    services.open_data_build()
    for url in [
        "/open-data/helix-users.csv",
        "/open-data/helix-projects.zip",
        "/open-data/helix-all.csv",
    ]:
        assert client.get(url).status_code == 404


def test_the_api_lists_every_dataset_with_links_and_metadata(client, province):
    services.open_data_build()
    response = client.get("/api/v1/open-data/")
    assert response.status_code == 200
    data = response.json()
    assert [d["slug"] for d in data["results"]] == [d.slug for d in DATASETS]
    assert data["licence"]["name"] == "CC-BY-4.0"
    projects = data["results"][0]
    assert {f["format"] for f in projects["files"]} == {"csv", "json"}
    csv_file = next(f for f in projects["files"] if f["format"] == "csv")
    assert csv_file["rows"] == 2
    assert csv_file["url"].startswith("http://testserver/open-data/")
    assert client.get(csv_file["url"]).status_code == 200
    assert data["archive"]["format"] == "zip"
    status = next(c for c in projects["columns"] if c["name"] == "status")
    assert "open" in status["allowed"]
    assert status["type"] == "string"
    assert client.get(data["data_package"]).json()["licenses"][0]["name"] == "CC-BY-4.0"


def test_the_api_in_vietnamese(client, db):
    response = client.get("/api/v1/open-data/", headers={"accept-language": "vi"})
    assert response.json()["results"][0]["title"] == "Dự án"


def test_staff_build_on_demand_from_the_admin(
    client, staff, province, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    changelist = reverse("admin:opendata_datasetfile_changelist")
    assert changelist in client.get(reverse("admin:index")).content.decode()
    assert "Build the open data now" in client.get(changelist).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:opendata_datasetfile_build"))
    assert response.status_code == 302
    assert DatasetFile.objects.count() == 2 * len(DATASETS) + 1
    assert "helix-all.zip" in client.get(changelist).content.decode()


def test_only_government_staff_may_build(client, db):
    client.force_login(UserFactory(is_staff=True))
    response = client.post(reverse("admin:opendata_datasetfile_build"))
    assert response.status_code == 403
    assert not DatasetFile.objects.exists()
