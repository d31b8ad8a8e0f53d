"""Each request's filter set acts for its own request (its filters share constant choices)."""

import pytest
from django.http import QueryDict

from core.choices import District
from organisations.models import Sector
from projects.filters import ProjectFilter
from projects.models import Project, Theme
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_each_request_validates_and_shows_its_own_values():
    """Filter sets share their constant choices (projects/filters.py), and each request still
    validates, shows and keeps its own values."""
    first = ProjectFilter(QueryDict("theme=health&sort=deadline&seeks=academia"))
    second = ProjectFilter(QueryDict("theme=nonsense&seeks=community"))

    assert not second.form.is_valid()
    assert list(second.form.errors) == ["theme"]
    assert first.form.is_valid()
    assert first.form.cleaned_data["theme"] == "health"
    assert first.form.cleaned_data["seeks"] == "academia"
    assert second.form.cleaned_data["seeks"] == "community"
    first.form.fields["theme"].label = "Changed for this request"
    assert ProjectFilter(QueryDict()).form.fields["theme"].label == "Theme"
    for name, constant in (("theme", Theme), ("district", District), ("seeks", Sector)):
        for filterset in (first, second, ProjectFilter(QueryDict())):
            shown = [value for value, _label in filterset.form.fields[name].choices if value]
            assert shown == list(constant.values), name


def test_method_filters_act_for_their_own_request():
    academia = ProjectFactory(seeks_academia=True, seeks_enterprise=False)
    enterprise = ProjectFactory(seeks_academia=False, seeks_enterprise=True)
    projects = Project.objects.all()

    for_academia = ProjectFilter(QueryDict("seeks=academia"), queryset=projects)
    for_enterprise = ProjectFilter(QueryDict("seeks=enterprise"), queryset=projects)

    assert list(for_enterprise.qs) == [enterprise]
    assert list(for_academia.qs) == [academia]
