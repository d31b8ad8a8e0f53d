"""One text rule (core/text.py) for the web forms as for the API: bidi controls are refused in
names, titles, websites and tags, allowed in long free text."""

import pytest

from accounts.forms import ProfileForm, SignupForm
from api.forms import ApiKeyForm
from organisations.forms import OrganisationForm
from projects.forms import ProjectForm, SolutionForm
from tests.factories import OrganisationFactory
from webhooks.forms import WebhookEndpointAdminForm, WebhookEndpointForm

RLO = "\u202e"
BIDI_MESSAGE = "Direction control characters"


@pytest.mark.parametrize(
    ("form_class", "field", "value"),
    [
        (OrganisationForm, "name", f"Evil{RLO}proC"),
        (OrganisationForm, "website", f"https://example.org/{RLO}gpj.exe"),
        (OrganisationForm, "website", f"https://exa{RLO}mple.org/"),
        (SignupForm, "display_name", "Trần\u2067Minh"),
        (ProfileForm, "display_name", "Trần\u200fMinh"),
        (ProjectForm, "title", f"Flood {RLO}warnings"),
        (ProjectForm, "tags", f"flood, {RLO}sensors"),
        (SolutionForm, "title", "River\u061c sensors"),
        (WebhookEndpointForm, "url", f"https://hooks.example.org/{RLO}in"),
        (WebhookEndpointAdminForm, "url", f"https://hooks.example.org/{RLO}in"),
        (ApiKeyForm, "name", f"Operations {RLO}centre"),
    ],
)
def test_bidi_controls_are_refused_in_names_titles_websites_and_tags(db, form_class, field, value):
    form = form_class(data={field: value})

    assert not form.is_valid()
    assert BIDI_MESSAGE in " ".join(form.errors[field])


def test_bidi_controls_are_allowed_in_a_description(db):
    quoted = "The sign reads \u2067\u05e9\u05dc\u05d5\u05dd\u2069."
    form = OrganisationForm(data={"description": quoted})

    form.is_valid()

    assert "description" not in form.errors


def test_a_name_without_controls_passes(db):
    form = OrganisationForm(
        instance=OrganisationFactory.build(), data={"name": "Trường Đại học Thủ Dầu Một"}
    )

    form.is_valid()

    assert "name" not in form.errors
