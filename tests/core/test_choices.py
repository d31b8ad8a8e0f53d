"""`core.choices.label_of`: the label Django's `get_FOO_display` gives, in the active language."""

import pytest
from django.utils import translation

from core.choices import District, label_of
from organisations.models import Organisation, Sector
from projects.models import Project


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_labels_are_django_s_in_each_language(language):
    with translation.override(language):
        for value, label in District.choices:
            assert label_of(District, value) == str(label)
            assert Project(district=value).get_district_display() == str(label)
        for value, label in Sector.choices:
            assert Organisation(sector=value).get_sector_display() == str(label)
    with translation.override("vi"):
        assert Project(district="province").get_district_display() == "Toàn tỉnh"


def test_an_unknown_value_is_shown_as_it_is():
    assert label_of(District, "atlantis") == "atlantis"
    assert Project(district="atlantis").get_district_display() == "atlantis"
