"""Documents and the cost breakdown, tested as an attacker would: every role by every visibility
by every way in (the page's list, the download view, a guessed number, the media URL)."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation import attachments, services
from evaluation.models import Attachment, Reviewer
from organisations.models import Membership, MembershipRequest
from projects.models import ConsortiumPartner
from tests import samples
from tests.evaluation.conftest import assignment
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

VISIBILITIES = ("public", "reviewers", "consortium")


def _pdf(name: str = "plan.pdf", data: bytes = samples.MINIMAL_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def roles(ev, other_owner, staff):
    """On "Sensors" (solution 0, led by the company with the university as partner):
    reviewer 2 is assigned and cleared; reviewer 1 is taken off it (cleared on "Drains");
    reviewer 0 was barred as a member of the company, and has since left it."""
    sensors = ev.solutions[0]
    reviewer_1 = Reviewer.objects.get(user=ev.reviewers[1])
    services.assignments_set(
        reviewer=reviewer_1, solutions=[ev.solutions[1], ev.solutions[2]], by=ev.manager
    )
    services.declaration_make(
        assignment=assignment(ev, 1, 1), by=ev.reviewers[1], relationship="none"
    )
    services.declaration_make(
        assignment=assignment(ev, 2, 0), by=ev.reviewers[2], relationship="none"
    )
    assert assignment(ev, 0, 0).status == "barred"
    Membership.objects.filter(user=ev.reviewers[0], organisation=ev.company).delete()
    return {
        "anonymous": None,
        "other organisation": other_owner,
        "reviewer not assigned": ev.reviewers[1],
        "barred reviewer": ev.reviewers[0],
        **_reviewers_on_the_way(ev, sensors),
        "assigned reviewer": ev.reviewers[2],
        **_partners_not_accepted(sensors),
        "asked to join the lead organisation": MembershipRequest.objects.create(
            organisation=ev.company, user=UserFactory()
        ).user,
        "partner": MembershipFactory(organisation=ev.university, role="member").user,
        "lead": sensors.lead_user,
        "lead organisation member": MembershipFactory(organisation=ev.company).user,
        "project team": ev.manager,
        "staff": staff,
    }


def _reviewers_on_the_way(ev, sensors) -> dict:
    """Reviewers assigned "Sensors" at each step before they may score it, and one after."""
    users = {}
    for role, relationship in (
        ("reviewer yet to declare", None),
        ("reviewer whose conflict waits", "financial"),
        ("reviewer refused", "employment"),
        ("reviewer who submitted", "none"),
    ):
        user = UserFactory()
        reviewer = services.reviewer_invite(
            rubric=ev.rubric, email=user.email, solutions=[sensors], by=ev.manager
        )
        own = reviewer.assignments.get()
        if relationship is not None:
            declaration = services.declaration_make(
                assignment=own, by=user, relationship=relationship, details="x"
            )
            if role == "reviewer refused":
                services.declaration_decide(declaration=declaration, allow=False, by=ev.manager)
        if role == "reviewer who submitted":
            services.scores_save(
                assignment=own,
                by=user,
                scores={c.pk: (3, "") for c in ev.rubric.criteria.all()},
            )
            services.assignment_submit(assignment=own, by=user)
        users[role] = user
    return users


def _partners_not_accepted(sensors) -> dict:
    """Managers of organisations invited as partners of "Sensors" that did not accept."""
    users = {}
    for role, status in (("partner invited", "invited"), ("partner that declined", "declined")):
        partner = ConsortiumPartner.objects.create(
            solution=sensors, organisation=OrganisationFactory(), role="research", status=status
        )
        users[role] = MembershipFactory(organisation=partner.organisation, role="manager").user
    return users


# What each role sees on "Sensors".
SEES = {
    "anonymous": {"public"},
    "other organisation": {"public"},
    "reviewer not assigned": {"public"},
    "barred reviewer": {"public"},
    "reviewer yet to declare": {"public"},
    "reviewer whose conflict waits": {"public"},
    "reviewer refused": {"public"},
    "reviewer who submitted": {"public", "reviewers"},
    "assigned reviewer": {"public", "reviewers"},
    "partner invited": {"public"},
    "partner that declined": {"public"},
    "asked to join the lead organisation": {"public"},
    "partner": set(VISIBILITIES),
    "lead": set(VISIBILITIES),
    "lead organisation member": set(VISIBILITIES),
    "project team": set(VISIBILITIES),
    "staff": set(VISIBILITIES),
}


@pytest.fixture
def documents(ev):
    sensors = ev.solutions[0]
    return {
        visibility: attachments.attachment_add(
            subject=sensors,
            upload=_pdf(f"{visibility}-budget.pdf"),
            visibility=visibility,
            by=sensors.lead_user,
        )
        for visibility in VISIBILITIES
    }


def _login(client, user):
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("role", list(SEES))
def test_the_solution_page_lists_only_what_the_role_may_see(client, ev, roles, documents, role):
    _login(client, roles[role])
    page = client.get(ev.solutions[0].get_absolute_url()).content.decode()
    for visibility, document in documents.items():
        shown = visibility in SEES[role]
        assert (document.name in page) is shown, (role, visibility)
        assert (document.get_absolute_url() in page) is shown, (role, visibility)


@pytest.mark.parametrize("role", list(SEES))
def test_the_download_view_sends_only_what_the_role_may_see(client, ev, roles, documents, role):
    _login(client, roles[role])
    for visibility, document in documents.items():
        response = client.get(document.get_absolute_url())
        if visibility in SEES[role]:
            assert response.status_code == 200, (role, visibility)
            assert b"".join(response.streaming_content) == samples.MINIMAL_PDF
        else:
            assert response.status_code == 404, (role, visibility)  # as if it did not exist


@pytest.mark.parametrize("role", list(SEES))
def test_guessed_numbers_and_media_paths_tell_nothing(client, ev, roles, documents, role):
    _login(client, roles[role])
    missing = reverse("evaluation:attachment", args=[max(d.pk for d in documents.values()) + 1])
    assert client.get(missing).status_code == 404
    for document in documents.values():
        # The media URL (served in development) never reaches the private storage.
        assert client.get(f"/{settings.MEDIA_URL}{document.file.name}").status_code == 404
        assert client.get(f"/media/../private-media/{document.file.name}").status_code == 404


def test_files_live_outside_the_public_media_folder_and_have_no_url(documents):
    for document in documents.values():
        path = Path(document.file.path).resolve()
        assert Path(settings.PRIVATE_MEDIA_ROOT).resolve() in path.parents
        assert Path(settings.MEDIA_ROOT).resolve() not in path.parents
        assert document.name not in document.file.name  # an unguessable stored name
        with pytest.raises(ValueError, match="no URL"):
            document.file.url  # noqa: B018


def test_a_download_is_an_attachment_of_its_sniffed_type_never_sniffed_again(client, documents):
    response = client.get(documents["public"].get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="public-budget.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("mode", "header", "value"),
    [
        ("x-accel-redirect", "X-Accel-Redirect", "/private-files/{name}"),
        ("x-sendfile", "X-Sendfile", "{path}"),
    ],
)
def test_production_hands_the_file_to_the_web_server(
    client, settings, ev, roles, documents, mode, header, value
):
    settings.HELIX_PRIVATE_FILES_SERVE = mode
    document = documents["consortium"]
    client.force_login(roles["lead"])
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response[header] == value.format(name=document.file.name, path=document.file.path)
    assert response.content == b""
    client.force_login(roles["other organisation"])
    assert header not in client.get(document.get_absolute_url())


def test_the_cost_breakdown_follows_its_visibility(client, ev, roles):
    sensors = ev.solutions[0]
    attachments.cost_breakdown_save(
        solution=sensors,
        text="20 river sensors: 300,000,000 ₫",
        visibility="reviewers",
        by=sensors.lead_user,
    )
    for role, seen in SEES.items():
        client.logout()
        _login(client, roles[role])
        page = client.get(sensors.get_absolute_url()).content.decode()
        assert ("20 river sensors" in page) is ("reviewers" in seen), role


def test_a_draft_projects_documents_are_hidden_even_if_public(client, ev, roles, documents):
    ev.project.status = "draft"
    ev.project.save(update_fields=["status"])
    response = client.get(documents["public"].get_absolute_url())
    assert response.status_code == 404


def test_project_documents_reach_the_team_and_with_reviewers_its_cleared_reviewers(
    client, ev, roles
):
    uploaded = {
        v: attachments.attachment_add(
            subject=ev.project, upload=_pdf(f"terms-{v}.pdf"), visibility=v, by=ev.manager
        )
        for v in VISIBILITIES
    }
    expected = {
        "anonymous": {"public"},
        "other organisation": {"public"},
        "barred reviewer": {"public"},
        "reviewer not assigned": {"public", "reviewers"},  # cleared on another solution
        "partner": {"public"},  # a solution's consortium is not the project's team
        "project team": set(VISIBILITIES),
        "staff": set(VISIBILITIES),
    }
    for role, seen in expected.items():
        client.logout()
        _login(client, roles[role])
        page = client.get(ev.project.get_absolute_url()).content.decode()
        for visibility, document in uploaded.items():
            assert (document.name in page) is (visibility in seen), (role, visibility)
            status = client.get(document.get_absolute_url()).status_code
            assert status == (200 if visibility in seen else 404), (role, visibility)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("other organisation", False),
        ("assigned reviewer", False),
        ("project team", False),
        ("partner", False),  # a plain member of the partner; its managers may
        ("lead", True),
    ],
)
def test_who_may_upload_to_a_solution(client, ev, roles, role, allowed):
    _login(client, roles[role])
    url = reverse("evaluation:solution_documents", args=[ev.project.slug, ev.solutions[0].pk])
    response = client.post(url, {"action": "upload", "visibility": "public", "file": _pdf()})
    assert Attachment.objects.exists() is allowed
    if allowed:
        assert response.status_code == 302
    else:
        assert response.status_code in (302, 403, 404)


def test_a_partners_manager_uploads_and_nobody_else_deletes(client, ev, roles, documents):
    partner_manager = MembershipFactory(organisation=ev.university, role="manager").user
    extra = attachments.attachment_add(
        subject=ev.solutions[0], upload=_pdf(), visibility="consortium", by=partner_manager
    )
    for role in ("assigned reviewer", "other organisation", "project team"):
        with pytest.raises(PermissionDenied):
            attachments.attachment_delete(attachment=extra, by=roles[role])
    client.force_login(roles["other organisation"])
    url = reverse("evaluation:solution_documents", args=[ev.project.slug, ev.solutions[0].pk])
    client.post(url, {"action": "delete", "attachment": extra.pk})
    assert Attachment.objects.filter(pk=extra.pk).exists()
    attachments.attachment_delete(attachment=extra, by=roles["staff"])
    assert not Attachment.objects.filter(pk=extra.pk).exists()


def test_deleting_removes_the_file(ev, documents):
    document = documents["consortium"]
    path = Path(document.file.path)
    assert path.exists()
    attachments.attachment_delete(attachment=document, by=ev.solutions[0].lead_user)
    assert not path.exists()  # the evaluation conftest commits at once


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (samples.EXE, "budget.pdf", "This kind of file is not accepted"),
        (samples.SVG, "map.png", "This kind of file is not accepted"),
        (samples.zip_bytes({"a.txt": b"x"}), "plan.docx", "This kind of file is not accepted"),
        (b"x" * 3000, "big.pdf", "at most 2.0"),
    ],
)
def test_a_bad_file_is_a_form_error_not_a_500(client, settings, ev, data, name, message):
    settings.HELIX_ATTACHMENT_MAX_BYTES = 2048
    client.force_login(ev.solutions[0].lead_user)
    url = reverse("evaluation:solution_documents", args=[ev.project.slug, ev.solutions[0].pk])
    response = client.post(
        url, {"action": "upload", "visibility": "public", "file": _pdf(name, data)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_uploaded_photo_loses_its_gps_position(ev):
    photo = attachments.attachment_add(
        subject=ev.solutions[0],
        upload=SimpleUploadedFile("site.jpeg", samples.jpeg_with_gps(), "image/jpeg"),
        visibility="public",
        by=ev.solutions[0].lead_user,
    )
    stored = photo.file.read()
    assert b"HelixCam" not in stored
    assert photo.name == "site.jpg"
    assert photo.content_type == "image/jpeg"
    assert photo.size == len(stored)


def test_a_spoofed_name_is_replaced_by_the_extension_of_the_content(ev):
    document = attachments.attachment_add(
        subject=ev.solutions[0],
        upload=SimpleUploadedFile("../../evil.exe", samples.png_bytes(), "application/x-exe"),
        visibility="public",
        by=ev.solutions[0].lead_user,
    )
    assert document.name == "evil.png"
    assert document.content_type == "image/png"


def test_a_service_refuses_an_unknown_visibility(ev):
    with pytest.raises(ValidationError):
        attachments.attachment_add(
            subject=ev.solutions[0],
            upload=_pdf(),
            visibility="everyone",
            by=ev.solutions[0].lead_user,
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "assigned reviewer", "partner", "project team"])
def test_pages_with_documents_take_constant_queries(client, ev, roles, role):
    sensors = ev.solutions[0]
    _login(client, roles[role])

    def add(n):
        for i in range(n):
            attachments.attachment_add(
                subject=sensors,
                upload=_pdf(f"d{i}.pdf"),
                visibility=VISIBILITIES[i % 3],
                by=sensors.lead_user,
            )
            attachments.attachment_add(
                subject=ev.project,
                upload=_pdf(f"p{i}.pdf"),
                visibility=VISIBILITIES[i % 3],
                by=ev.manager,
            )

    add(3)
    pages = [sensors.get_absolute_url(), ev.project.get_absolute_url()]
    small = [_count(client, url) for url in pages]
    add(12)
    assert [_count(client, url) for url in pages] == small


def test_neither_open_data_nor_the_api_nor_webhooks_carry_documents_or_breakdowns(
    client, ev, documents
):
    from opendata import services as opendata_services
    from tests.opendata.test_build import _every_file_bytes
    from webhooks import payloads

    sensors = ev.solutions[0]
    attachments.cost_breakdown_save(
        solution=sensors, text="Secret line: 42 ₫", visibility="public", by=sensors.lead_user
    )
    attachments.attachment_add(
        subject=ev.project, upload=_pdf("terms.pdf"), visibility="consortium", by=ev.manager
    )
    secrets = [b"budget.pdf", b"terms.pdf", b"Secret line", b"attachments/"]
    opendata_services.open_data_build()
    everything = b"".join(data for _name, data in _every_file_bytes())
    assert b"Sensors" in everything  # the solution is there...
    for secret in secrets:
        assert secret not in everything  # ...its documents and breakdown are not
    answers = [
        client.get(f"/api/v1/solutions/{sensors.pk}/"),
        client.get(f"/api/v1/projects/{ev.project.slug}/"),
    ]
    client.force_login(ev.manager)  # the team, who may see every document, gets none either
    answers.append(client.get(f"/api/v1/solutions/{sensors.pk}/"))
    # What the webhooks send for the project and the solution (status changes, submissions).
    sent = [payloads.project_data(ev.project.pk), payloads.solution_data(sensors.pk)]
    assert sent[1]["solution"]["title"] == "Sensors"
    for api in answers:
        assert api.status_code == 200
    bodies = [a.content for a in answers] + [json.dumps(d).encode() for d in sent]
    for body in bodies:
        for secret in secrets:
            assert secret not in body


def test_the_reviewers_page_shows_what_they_may_read(client, ev, roles, documents):
    client.force_login(roles["assigned reviewer"])
    page = client.get(assignment(ev, 2, 0).get_absolute_url()).content.decode()
    assert "reviewers-budget.pdf" in page
    assert "consortium-budget.pdf" not in page


def test_a_pdf_html_polyglot_is_only_ever_downloaded_as_a_pdf(client, ev):
    polyglot = b"%PDF-1.4\n" + samples.HTML + b"\n%%EOF\n"
    document = attachments.attachment_add(
        subject=ev.solutions[0],
        upload=_pdf("page.html", polyglot),
        visibility="public",
        by=ev.solutions[0].lead_user,
    )
    assert document.name == "page.pdf"
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("role", "status"),
    [("project team", 302), ("partner", 403), ("assigned reviewer", 403), ("lead", 403)],
)
def test_the_project_team_manages_the_projects_documents(client, ev, roles, role, status):
    client.force_login(roles[role])
    url = reverse("evaluation:project_documents", args=[ev.project.slug])
    response = client.post(url, {"action": "upload", "visibility": "reviewers", "file": _pdf()})
    assert response.status_code == status
    assert Attachment.objects.filter(project=ev.project).exists() is (status == 302)
    if status == 302:
        document = Attachment.objects.get()
        client.post(url, {"action": "visibility", "attachment": document.pk, "visibility": "x"})
        document.refresh_from_db()
        assert document.visibility == "reviewers"  # an unknown visibility changes nothing
        client.post(url, {"action": "delete", "attachment": document.pk})
        assert not Attachment.objects.exists()
