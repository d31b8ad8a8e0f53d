"""What people type into Helix's forms: bare web addresses and plain tags."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.forms import PlainTagField, WebsiteField, split_tags
from organisations.models import Organisation
from tests.factories import OrganisationFactory, ProjectFactory
from webhooks.forms import WebhookEndpointForm

# --- Web addresses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("caunoiso.vn", "https://caunoiso.vn"),
        ("  www.caunoiso.vn/lien-he ", "https://www.caunoiso.vn/lien-he"),
        ("http://caunoiso.vn", "http://caunoiso.vn"),
    ],
)
def test_a_bare_domain_is_accepted_and_given_https(typed, stored):
    assert WebsiteField().clean(typed) == stored


def test_what_is_no_address_says_what_to_type():
    with pytest.raises(ValidationError, match=r"caunoiso\.vn"):
        WebsiteField().clean("not an address")


def _url_inputs(html: str) -> list[str]:
    return re.findall(r'<input[^>]*type="url"[^>]*>', html)


def test_the_organisation_form_lets_the_browser_send_a_bare_domain(client, user):
    client.force_login(user)

    html = client.get(reverse("organisations:create")).content.decode()
    response = client.post(
        reverse("organisations:create"),
        {
            "name": "Cầu Nối Số",
            "sector": "enterprise",
            "district": "thu-dau-mot",
            "description": "Cầu nối số cho doanh nghiệp.",
            "website": "caunoiso.vn",
        },
    )

    assert _url_inputs(html) == []
    assert re.search(r'<input[^>]*name="website"[^>]*inputmode="url"', html) or re.search(
        r'<input[^>]*inputmode="url"[^>]*name="website"', html
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Cầu Nối Số").website == "https://caunoiso.vn"


def test_the_webhook_form_takes_a_bare_domain_too():
    form = WebhookEndpointForm(data={"url": "hooks.caunoiso.vn/helix", "events": []})

    assert _url_inputs(str(form)) == []
    form.is_valid()
    assert form.cleaned_data["url"] == "https://hooks.caunoiso.vn/helix"


def test_the_staff_desk_takes_a_bare_domain(client, admin_user):
    organisation = OrganisationFactory()
    client.force_login(admin_user)

    html = client.get(
        reverse("admin:organisations_organisation_change", args=[organisation.pk])
    ).content.decode()

    assert 'name="website"' in html
    assert _url_inputs(html) == []


# --- Tags ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("civil engineering", ["civil engineering"]),
        ('"civil engineering", data science, GIS', ["civil engineering", "data science", "GIS"]),
        ("GIS, gis,  , flood   sensors\nIoT", ["flood sensors", "GIS", "IoT"]),
        ("", []),
    ],
)
def test_tags_are_split_on_commas_only(typed, tags):
    assert split_tags(typed) == tags


def test_a_tag_too_long_is_a_form_error():
    with pytest.raises(ValidationError, match="100"):
        PlainTagField(required=False).clean("x" * 101)


def test_the_expertise_field_shows_plain_tags_and_suggests_existing_ones(
    client, organisation, owner
):
    organisation.expertise.set(["civil engineering", "data science", "GIS"])
    OrganisationFactory().expertise.set(["public transport"])
    client.force_login(owner)

    html = client.get(reverse("organisations:edit", args=[organisation.slug])).content.decode()

    assert 'value="civil engineering, data science, GIS"' in html
    assert "&quot;" not in re.search(r'<input[^>]*name="expertise"[^>]*>', html).group(0)
    assert '<option value="public transport">' in html
    assert "js/tags.js" in html


def test_a_two_word_tag_typed_alone_stays_one_tag(client, organisation, owner):
    client.force_login(owner)
    data = {
        "name": organisation.name,
        "sector": organisation.sector,
        "district": organisation.district,
        "description": "Mô tả.",
        "expertise": "civil engineering",
    }

    client.post(reverse("organisations:edit", args=[organisation.slug]), data)

    assert list(organisation.expertise.names()) == ["civil engineering"]


def test_the_project_tags_help_text_is_helixs_own_and_translated(client, organisation, owner):
    client.force_login(owner)
    owner.preferred_language = "vi"
    owner.save()

    html = client.get(reverse("projects:create")).content.decode()

    assert "Ngăn cách các thẻ bằng dấu phẩy" in html
    assert "A comma-separated list of tags" not in html


def test_the_staff_desk_shows_plain_tags(client, admin_user):
    organisation = OrganisationFactory()
    organisation.expertise.set(["civil engineering", "GIS"])
    client.force_login(admin_user)

    html = client.get(
        reverse("admin:organisations_organisation_change", args=[organisation.pk])
    ).content.decode()

    assert 'value="civil engineering, GIS"' in html


def test_project_cards_and_forms_never_show_taggit_quoting(client, organisation, owner):
    project = ProjectFactory(organisation=organisation)
    project.tags.set(["flood sensors"])
    client.force_login(owner)

    html = client.get(reverse("projects:edit", args=[project.slug])).content.decode()

    assert 'value="flood sensors"' in html
