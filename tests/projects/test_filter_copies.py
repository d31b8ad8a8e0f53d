"""Each request's filter set has its own filters, which share their constant choices."""

import pytest
from django.http import QueryDict

from projects.filters import ProjectFilter
from projects.models import Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_copies_are_their_own_and_share_the_choices():
    first, second = ProjectFilter(QueryDict()), ProjectFilter(QueryDict())

    for name in ("theme", "seeks", "sort"):
        assert first.filters[name] is not second.filters[name]
        assert first.filters[name].parent is first
        assert second.filters[name].parent is second
        assert first.filters[name].extra["choices"] is second.filters[name].extra["choices"]
    assert first.form.fields["theme"] is not second.form.fields["theme"]


def test_method_filters_act_for_their_own_request():
    academia = ProjectFactory(seeks_academia=True, seeks_enterprise=False)
    enterprise = ProjectFactory(seeks_academia=False, seeks_enterprise=True)
    projects = Project.objects.all()

    for_academia = ProjectFilter(QueryDict("seeks=academia"), queryset=projects)
    for_enterprise = ProjectFilter(QueryDict("seeks=enterprise"), queryset=projects)

    assert list(for_enterprise.qs) == [enterprise]
    assert list(for_academia.qs) == [academia]
