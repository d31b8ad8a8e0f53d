import copy

import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.choices import District
from organisations.models import Sector

from . import selectors
from .models import Project, Theme

NEWEST = (F("published_at").desc(nulls_last=True), "-created")
ORDERINGS = {
    "newest": NEWEST,
    "supported": ("-support_count", *NEWEST),
    "deadline": (F("deadline").asc(nulls_last=True), *NEWEST),
}


class _SharedChoicesField(django_filters.fields.ChoiceField):
    def __deepcopy__(self, memo):
        memo[id(self._choices.choices)] = self._choices.choices  # share, do not copy
        return super().__deepcopy__(memo)


class ChoiceFilter(django_filters.ChoiceFilter):
    """A ChoiceFilter whose choices are constants of the code, shared by its copies.

    django-filter deep-copies every filter, and Django every form field, for each request,
    choices included, tuple by tuple: a third of a list request's filtering. The lists stay
    lists (not functions) so that the OpenAPI schema still names their values.
    """

    field_class = _SharedChoicesField

    def __deepcopy__(self, memo):
        choices = self.extra["choices"]
        memo[id(choices)] = choices
        clone = copy.copy(self)
        memo[id(self)] = clone
        clone.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return clone


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    theme = ChoiceFilter(label=_("Theme"), choices=Theme.choices, empty_label=_("All themes"))
    district = ChoiceFilter(
        label=_("District"), choices=District.choices, empty_label=_("All districts")
    )
    status = ChoiceFilter(
        label=_("Status"), choices=Project.Status.choices, empty_label=_("All statuses")
    )
    seeks = ChoiceFilter(
        label=_("Seeks partners from"),
        choices=Sector.choices,
        empty_label=_("Any sector"),
        method="filter_seeks",
    )
    sort = ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("newest", _("Newest")),
            ("supported", _("Most supported")),
            ("deadline", _("Deadline soonest")),
        ],
        empty_label=None,
        method="sort_by",
    )

    class Meta:
        model = Project
        fields = ["q", "theme", "district", "status", "seeks", "sort"]

    def get_form_class(self):
        """Built once per filter set: django-filter makes a new form class, with new fields, for
        every request, though the fields never change (labels are translated when shown)."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def search(self, queryset, name, value: str):
        return selectors.search_projects(queryset, value)

    def filter_seeks(self, queryset, name, value: str):
        return queryset.filter(**{f"seeks_{value}": True})

    def sort_by(self, queryset, name, value: str):
        return queryset.order_by(*ORDERINGS[value])
