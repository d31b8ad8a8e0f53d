"""The API's filters of resources and needs (the directory's are the same words, in its form).
Words are matched on the folded text: "ngap lut" finds "ngập lụt"."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.choices import District
from core.folding import fold
from organisations.models import Sector

from . import selectors
from .models import Approach, ProjectNeed, Resource, ResourceKind


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="search", max_length=100)
    direction = django_filters.ChoiceFilter(choices=Resource.Direction.choices)
    kind = django_filters.ChoiceFilter(choices=ResourceKind.choices)
    sector = django_filters.ChoiceFilter(choices=Sector.choices, field_name="organisation__sector")
    district = django_filters.ChoiceFilter(choices=District.choices, method="covers")
    organisation = django_filters.CharFilter(field_name="organisation__slug", max_length=220)

    class Meta:
        model = Resource
        fields = ["q", "direction", "kind", "sector", "district", "organisation"]

    def search(self, queryset, name, value):
        return selectors.filter_resources(queryset, q=value)

    def covers(self, queryset, name, value):
        return selectors.filter_resources(queryset, district=value)


class ProjectNeedFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="search", max_length=100)
    kind = django_filters.ChoiceFilter(choices=ResourceKind.choices)
    sector = django_filters.ChoiceFilter(
        choices=Sector.choices, method="seeks", label=_("Sector sought")
    )
    district = django_filters.ChoiceFilter(choices=District.choices, field_name="project__district")
    project = django_filters.CharFilter(field_name="project__slug", max_length=180)

    class Meta:
        model = ProjectNeed
        fields = ["q", "kind", "sector", "district", "project"]

    def search(self, queryset, name, value):
        for word in fold(value or "").split()[:8]:
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def seeks(self, queryset, name, value):
        return queryset.filter(Q(**{f"project__seeks_{value}": True}))


class ApproachFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Approach.Status.choices,
        help_text="Only this status: pending, accepted, declined or withdrawn.",
    )

    class Meta:
        model = Approach
        fields = ["status"]
