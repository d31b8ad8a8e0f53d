"""Every main page under Helix's Content-Security-Policy, in Chromium, with the demo's data.

A page fails if it is served without the policy, or if Chromium reports anything the policy
blocked: a `securitypolicyviolation` event (listened to by a script that runs before the page's
own) or a console message "Refused to …" (which also catches what happens during navigations).
Errors in the Permissions-Policy header (an unknown feature) fail it too. The pages must also
still work: htmx's support button, the Markdown preview, Swagger UI and Redoc, the admin's
actions.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from accounts.models import User
from helix.demo import DEMO_PASSWORD, load_demo
from organisations.models import Organisation
from projects.models import Comment, Project, Solution

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.disposition} ${event.effectiveDirective}: ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber} ${event.sample}`
  );
});
"""
REPORTED = re.compile(r"Refused to|Content.Security.Policy|Permissions.Policy", re.IGNORECASE)


class Watch:
    """What Chromium reported about the policies in one browser context."""

    def __init__(self) -> None:
        self.reports: list[str] = []

    def console(self, message) -> None:
        if REPORTED.search(message.text):
            self.reports.append(f"console {message.type}: {message.text}")

    def check(self, page: Page, what: str, *, refused_on_purpose: str = "") -> None:
        """No report so far, apart from those that mention `refused_on_purpose`."""
        self.reports += [f"{page.url}: {v}" for v in page.evaluate("window.__cspViolations")]
        page.evaluate("window.__cspViolations = []")
        unexpected = [
            r for r in self.reports if not refused_on_purpose or refused_on_purpose not in r
        ]
        self.reports.clear()
        assert not unexpected, f"{what}: {unexpected}"


@pytest.fixture
def watched(new_page, live_server):
    """`page, watch = watched(user=None, **new_page_options)`: a page that records every report
    of the policies; signed in as `user` through a session cookie, as Django's test client's
    force_login makes it (the sign-in forms are visited on their own)."""

    def open_page(user: User | None = None, **options):
        page = new_page(**options)
        watch = Watch()
        page.context.add_init_script(WATCH)
        page.on("console", watch.console)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            page.context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
        return page, watch

    return open_page


def visit(
    page: Page,
    watch: Watch,
    path: str,
    ready: str = "main",
    refused_on_purpose: str = "",
    timeout: float | None = None,
) -> None:
    """Load `path`, check that it carries the policy, that `ready` shows (within `timeout`
    ms, the default otherwise), and that nothing was reported (but what `refused_on_purpose`
    names)."""
    response = page.goto(path)
    assert response is not None
    assert response.ok, f"{path}: {response.status}"
    headers = response.headers
    policy = headers.get("content-security-policy")
    assert policy, f"{path} has no Content-Security-Policy (enforced)"
    assert "default-src 'self'" in policy, policy
    assert "permissions-policy" in headers, f"{path} has no Permissions-Policy"
    expect(page.locator(ready).first).to_be_visible(timeout=timeout)
    page.wait_for_load_state("networkidle")
    watch.check(page, path, refused_on_purpose=refused_on_purpose)


@pytest.fixture
def demo(db):
    load_demo()
    project = (
        Project.objects.exclude(status="draft").filter(support_count__gt=1, solution_count__gt=0)
    ).first()
    return {
        "project": project,
        "solution": Solution.objects.filter(project=project).first(),
        "owner": User.objects.get(email="owner@helix.local"),
        "citizen": User.objects.get(email="citizen@helix.local"),
        "officer": User.objects.get(email="officer@helix.local"),
        "admin": User.objects.get(email="admin@helix.local"),
    }


def test_the_watch_sees_a_violation(watched):
    """The check below would pass on a broken listener: this one proves that it hears."""
    page, watch = watched()
    visit(page, watch, "/")

    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")

    page.wait_for_function("window.__cspViolations.length > 0")
    with pytest.raises(AssertionError, match="style-src"):
        watch.check(page, "an inline style")


def test_the_public_pages_and_the_sign_in_forms_report_nothing(watched, demo):
    page, watch = watched()
    organisation = Organisation.objects.filter(verified_at__isnull=False).first()
    for path in [
        "/",
        "/projects/",
        "/projects/?theme=flooding-water&district=thu-dau-mot",
        "/insights/",
        "/insights/?theme=flooding-water&sector=community&period=12m",
        demo["project"].get_absolute_url(),
        demo["solution"].get_absolute_url(),
        "/organisations/",
        organisation.get_absolute_url(),
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]:
        visit(page, watch, path)

    # The sign-in form posts and redirects within the policy's form-action.
    page.goto("/accounts/login/")
    page.fill("input[name=login]", demo["citizen"].email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form [type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    watch.check(page, "signing in")


def test_the_signed_in_pages_and_forms_report_nothing(watched, demo):
    organisation = Organisation.objects.get(
        memberships__user=demo["owner"], memberships__role="owner"
    )
    page, watch = watched(user=demo["owner"])
    for path in [
        "/me/",
        "/notifications/",
        "/notifications/preferences/",
        "/projects/new/",
        f"{demo['project'].get_absolute_url()}propose/",
        organisation.get_absolute_url(),
        f"{organisation.get_absolute_url()}edit/",
        f"{organisation.get_absolute_url()}members/",
        f"{organisation.get_absolute_url()}api-keys/",
        f"{organisation.get_absolute_url()}webhooks/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",  # its QR code is a data: image
    ]:
        visit(page, watch, path)

    # htmx works under the policy and injects no <style> of its own.
    visit(page, watch, "/projects/new/")
    page.fill("textarea[name=description]", "Cảm biến **mực nước**")
    page.locator("main .preview button").first.click()
    expect(page.locator("main .preview strong")).to_have_text("mực nước")
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    watch.check(page, "the Markdown preview")


def test_supporting_with_htmx_under_the_policy_draws_the_bars(watched, demo, screenshot):
    project = demo["project"]
    page, watch = watched(user=demo["citizen"])
    visit(page, watch, project.get_absolute_url())
    page.evaluate("window.__marker = 1")
    before = project.support_count
    button = page.locator(f"#support-project-{project.pk} form.toggle-form button[type=submit]")
    pressed = button.get_attribute("aria-pressed") == "true"

    button.click()

    expect(button).to_have_attribute("aria-pressed", "false" if pressed else "true")
    count = page.locator(f"#support-project-{project.pk}-count")
    expect(count).to_contain_text(str(before - 1 if pressed else before + 1))
    assert page.evaluate("window.__marker") == 1, "the page was reloaded"
    watch.check(page, "supporting")

    # Each bar is as long as its share (drawn without an inline style).
    project.refresh_from_db()
    for sector, _label, _count, percent in project.support_by_sector():
        row = page.locator(
            f"#support-project-{project.pk}-breakdown .breakdown__row"
            f":has(.breakdown__fill--{sector})"
        )
        bar = row.locator(".breakdown__bar").bounding_box()
        fill = row.locator(f".breakdown__fill--{sector}").bounding_box()
        assert fill["width"] == pytest.approx(bar["width"] * percent / 100, abs=1.5), sector
    screenshot(page, "csp-support-breakdown")


def test_the_admin_reports_nothing(watched, demo):
    project, comment = demo["project"], Comment.objects.filter(hidden_at__isnull=True).first()
    page, watch = watched(user=demo["officer"])
    for path in [
        "/admin/",
        "/admin/projects/project/",
        "/admin/projects/project/?status__exact=open",
        f"/admin/projects/project/{project.pk}/change/",
        "/admin/projects/report/",
        "/admin/projects/comment/",
        "/admin/organisations/organisation/",
        f"/admin/organisations/organisation/{project.organisation_id}/change/",
    ]:
        visit(page, watch, path, ready="#content")

    # An action's intermediate page (Helix's own template) and its cancel link.
    page.goto("/admin/projects/comment/")
    page.check(f"input[name=_selected_action][value='{comment.pk}']")
    page.select_option("select[name=action]", "hide")
    page.locator("button[name=index]").click()
    expect(page.locator("textarea[name=reason], input[name=reason]")).to_be_visible()
    watch.check(page, "the hide action's page")
    # The cancel link goes back through admin/js/cancel.js, loaded `async` as in Django's own
    # confirmation pages: it runs by the page's load event, not always by the time it shows.
    page.wait_for_load_state("load")
    page.locator("a.cancel-link").click()
    expect(page).to_have_url(re.compile(r"/admin/projects/comment/$"))
    watch.check(page, "cancelling the hide action")

    # A superuser's pages: an autocomplete (select2) and the user form.
    page, watch = watched(user=demo["admin"])
    visit(page, watch, "/admin/api/apikey/add/", ready="#content")
    page.locator(".select2-selection").first.click()
    expect(page.locator(".select2-results__option").first).to_be_visible()
    watch.check(page, "the organisation autocomplete")
    visit(page, watch, f"/admin/accounts/user/{demo['owner'].pk}/change/", ready="#content")


def test_the_api_docs_work_under_their_own_policy(watched, demo):
    page, watch = watched()
    visit(page, watch, "/api/docs/", ready=".swagger-ui .opblock")
    page.locator(".swagger-ui .opblock-summary").first.click()
    expect(page.locator(".swagger-ui .opblock-body").first).to_be_visible()
    watch.check(page, "Swagger UI")

    # Redoc's logo comes from its CDN: the policy refuses it, and Redoc leaves it out.
    cdn = "https://cdn.redoc.ly/"
    # Redoc renders the whole schema (300 kB) before showing anything: slow on a busy machine.
    visit(page, watch, "/api/redoc/", ready="h1", refused_on_purpose=cdn, timeout=60_000)
    expect(page.locator("img[alt='redocly logo']")).to_have_count(0)
    # Its search runs in a worker made from a blob: URL, which indexes the whole schema first.
    page.locator("[role=search] input").fill("projects")
    results = page.locator("[data-role='search:results'] li, [role=search] li")
    expect(results.first).to_be_visible(timeout=60_000)
    watch.check(page, "Redoc", refused_on_purpose=cdn)
