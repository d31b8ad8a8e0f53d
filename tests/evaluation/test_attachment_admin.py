"""The staff desk's documents: a read-only list with who may see each, removal through the
service (the file goes too), no link that would bypass the download view's permission."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation import attachments
from evaluation.models import Attachment
from tests import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(ev):
    sensors = ev.solutions[0]
    return attachments.attachment_add(
        subject=sensors,
        upload=SimpleUploadedFile("budget.pdf", samples.MINIMAL_PDF),
        visibility="consortium",
        by=sensors.lead_user,
    )


def test_staff_see_documents_with_their_visibility_read_only(client, staff, document):
    client.force_login(staff)
    page = client.get(reverse("admin:evaluation_attachment_changelist")).content.decode()
    assert "budget.pdf" in page
    assert "The consortium and the project team only" in page
    assert document.file.name not in page  # no path to the stored file
    change = client.get(reverse("admin:evaluation_attachment_change", args=[document.pk]))
    assert change.status_code == 200
    assert 'name="visibility"' not in change.content.decode()
    assert client.get(reverse("admin:evaluation_costbreakdown_changelist")).status_code == 200


def test_staff_remove_a_document_through_the_service(client, staff, document):
    path = Path(document.file.path)
    client.force_login(staff)
    url = reverse("admin:evaluation_attachment_changelist")
    confirm = client.post(url, {"action": "delete_selected", "_selected_action": [document.pk]})
    assert confirm.status_code == 200
    client.post(
        url, {"action": "delete_selected", "_selected_action": [document.pk], "post": "yes"}
    )
    assert not Attachment.objects.exists()
    assert not path.exists()


def test_people_without_the_staff_desk_cannot_list_documents(client, document):
    client.force_login(document.solution.lead_user)
    response = client.get(reverse("admin:evaluation_attachment_changelist"))
    assert response.status_code == 302
