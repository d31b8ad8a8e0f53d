"""Content-Security-Policy and Permissions-Policy on every answer, and pages written for them.

The policy forbids inline scripts, styles and event handlers: the pages are checked here for
any (rendered, and in the templates' source), so that a new one fails without a browser.
tests/browser/test_csp.py then loads the pages in Chromium and fails on any violation.
"""

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from organisations.models import Sector
from projects import services
from tests.factories import (
    CommentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REQUIRED = {
    "default-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Scripts may not run from anywhere but Helix's own files (JSON data blocks do not run).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict(header: str) -> dict[str, list[str]]:
    policy = directives(header)
    for name, values in REQUIRED.items():
        assert policy.get(name) == values, (name, header)
    for name in ("script-src", "style-src", "default-src"):
        values = policy.get(name, policy["default-src"])
        assert "'self'" in values, (name, header)
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(
            values
        ), (name, header)
    return policy


class InlineCode(HTMLParser):
    """Collects what a strict policy refuses: style attributes and elements, inline scripts,
    event handler attributes and javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        where = self.getpos()
        if "style" in attributes:
            self.found.append(f"{where} <{tag} style=…>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{where} <{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"{where} <{tag} {name}=javascript:…>")
        if tag == "style":
            self.found.append(f"{where} <style>")
        data_block = (attributes.get("type") or "").lower() in DATA_SCRIPT_TYPES
        if tag == "script" and "src" not in attributes and not data_block:
            self.found.append(f"{where} inline <script>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def supported_project():
    """A project supported from two sectors (its bars show), with a solution and a comment."""
    project = ProjectFactory()
    government = OrganisationFactory(sector=Sector.GOVERNMENT, verified=True)
    services.vote_cast(subject=project, by=MembershipFactory(organisation=government).user)
    services.vote_cast(subject=project, by=UserFactory())
    services.vote_cast(subject=project, by=UserFactory())
    SolutionFactory(project=project)
    CommentFactory(project=project)
    project.refresh_from_db()
    return project


# --- The headers ------------------------------------------------------------------------------


def test_a_page_carries_the_strict_policy(client):
    response = client.get("/")

    policy = assert_strict(response["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", "data:"]  # data: for allauth's TOTP QR code
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.parametrize(
    "path",
    [
        "/projects/",
        "/organisations/",
        "/accounts/login/",
        "/accounts/signup/",
        "/admin/login/",
        "/api/v1/projects/",  # JSON answers too
        "/api/v1/nothing-here/",  # and API errors
        "/api/schema/",
        "/api/docs/",
        "/healthz/",
    ],
)
def test_every_answer_carries_the_policies(client, path):
    response = client.get(path)

    assert_strict(response["Content-Security-Policy"])
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_webauthn_is_left_to_the_browsers_defaults(client):
    """allauth's MFA may offer security keys: the Permissions-Policy must not deny them."""
    assert "publickey-credentials" not in client.get("/")["Permissions-Policy"]


def test_redoc_gets_its_relaxation_and_no_other_page_does(client):
    redoc = directives(client.get("/api/redoc/")["Content-Security-Policy"])
    swagger = directives(client.get("/api/docs/")["Content-Security-Policy"])
    home = directives(client.get("/")["Content-Security-Policy"])

    assert redoc["worker-src"] == ["blob:"]
    assert "'unsafe-inline'" not in redoc["style-src"]
    assert [v for v in redoc["style-src"] if v.startswith("'sha256-")]
    assert redoc["style-src"][:2] == home["style-src"]
    relaxed = ("style-src", "worker-src")
    assert {k: v for k, v in redoc.items() if k not in relaxed} == {
        k: v for k, v in home.items() if k not in relaxed
    }
    assert swagger == home


SETTINGS_PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.CONTENT_SECURITY_POLICY, s.CONTENT_SECURITY_POLICY_REPORT_ONLY]))"
)


def settings_with(**env: str) -> list:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "helix.settings", **env}
    for name in ("HELIX_CSP_REPORT_ONLY", "HELIX_CSP_REPORT_URI"):
        if name not in env:
            environment.pop(name, None)
    out = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def test_the_report_only_switch_moves_the_policy_to_the_report_only_header():
    enforced, reported = settings_with()
    assert enforced["DIRECTIVES"]["frame-ancestors"] == ["'none'"]
    assert reported is None

    enforced, reported = settings_with(
        HELIX_CSP_REPORT_ONLY="true", HELIX_CSP_REPORT_URI="https://reports.example.org/csp"
    )
    assert enforced is None
    assert reported["DIRECTIVES"]["default-src"] == ["'self'"]
    assert reported["DIRECTIVES"]["report-uri"] == ["https://reports.example.org/csp"]


@pytest.fixture
def report_only(settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None


def test_in_report_only_mode_pages_carry_the_policy_unenforced(client, report_only):
    response = client.get("/")

    assert "Content-Security-Policy" not in response
    assert_strict(response["Content-Security-Policy-Report-Only"])


def test_in_report_only_mode_redoc_reports_against_its_own_policy(client, report_only):
    response = client.get("/api/redoc/")

    assert "Content-Security-Policy" not in response
    assert directives(response["Content-Security-Policy-Report-Only"])["worker-src"] == ["blob:"]


# --- Pages written for the policy -------------------------------------------------------------


def test_the_support_bars_are_drawn_without_inline_styles(client):
    project = supported_project()

    html = client.get(project.get_absolute_url()).content.decode()

    breakdown = html[html.index('class="breakdown"') : html.index("breakdown__value")]
    assert "style=" not in breakdown
    assert re.search(r'class="breakdown__fill breakdown__fill--government" width="33%"', html)
    assert re.search(r'class="breakdown__fill breakdown__fill--community" width="67%"', html)


def test_htmx_is_configured_to_need_no_inline_style_nor_eval(client):
    html = client.get("/").content.decode()

    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert config, "no htmx-config"
    assert json.loads(config[1]) == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
    }
    assert ".htmx-indicator" in (settings.BASE_DIR / "static/css/helix.css").read_text()


def test_the_site_pages_have_no_inline_code(client):
    project = supported_project()
    solution = project.solutions.first()
    owner = MembershipFactory(organisation=project.organisation, role="owner").user
    pages = ["/", "/projects/", project.get_absolute_url(), solution.get_absolute_url()]
    pages += ["/organisations/", project.organisation.get_absolute_url()]
    pages += ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
    found = {path: inline_code(client.get(path).content.decode()) for path in pages}

    client.force_login(owner)
    organisation = project.organisation.get_absolute_url()
    signed_in = ["/me/", "/notifications/", "/notifications/preferences/", "/projects/new/"]
    signed_in += [f"{project.get_absolute_url()}propose/", f"{organisation}edit/"]
    signed_in += [f"{organisation}members/", f"{organisation}api-keys/", f"{organisation}webhooks/"]
    signed_in += [project.get_absolute_url(), "/accounts/email/", "/accounts/password/change/"]
    for path in signed_in:
        response = client.get(path)
        assert response.status_code == 200, path
        found[path] = inline_code(response.content.decode())

    assert {path: code for path, code in found.items() if code} == {}


def test_the_admin_pages_helix_uses_have_no_inline_code(client):
    project = supported_project()
    comment = project.comments.first()
    client.force_login(StaffFactory())
    pages = ["/admin/", "/admin/projects/project/", f"/admin/projects/project/{project.pk}/change/"]
    pages += ["/admin/projects/report/", "/admin/projects/comment/"]
    pages += ["/admin/organisations/organisation/"]
    found = {}
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        found[path] = inline_code(response.content.decode())
    hide = client.post(
        "/admin/projects/comment/",
        {"action": "hide", "index": "0", "_selected_action": [comment.pk]},
    )
    found["hide action"] = inline_code(hide.content.decode())

    assert {path: code for path, code in found.items() if code} == {}


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_the_api_docs_pages_have_no_inline_code_nor_foreign_resources(client, url):
    html = client.get(url).content.decode()

    assert inline_code(html) == []
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


def test_swagger_uis_start_up_script_is_its_own_url(client):
    response = client.get(f"{reverse('api:docs')}?script=")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in response.content.decode()


# Emails are not web pages: their inline styles are what mail readers understand.
TEMPLATES = [
    path
    for path in (settings.BASE_DIR / "templates").rglob("*.html")
    if "email" not in path.relative_to(settings.BASE_DIR / "templates").parts
]
INLINE_IN_SOURCE = re.compile(
    r"""\sstyle\s*=|<style\b|\son[a-z]+\s*=|javascript:|<script(?![^>]*\ssrc=)(?![^>]*application/json)""",
    re.IGNORECASE,
)
TEMPLATE_COMMENT = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.DOTALL)


def test_no_template_has_inline_code():
    found = {}
    for template in TEMPLATES:
        source = TEMPLATE_COMMENT.sub("", template.read_text())
        if code := INLINE_IN_SOURCE.findall(source):
            found[str(template.relative_to(settings.BASE_DIR))] = code

    assert found == {}
