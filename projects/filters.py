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


# Speed (README "Performance": the filters went from 0.6 to 0.24 ms a request with this and the
# form class built once, below). For each request django-filter deep-copies every filter of the
# class (`FilterSet.__init__`), and Django every field of the form (`BaseForm.__init__`), so
# that a request may change its own; their choices are copied too, tuple by tuple, though they
# are constants of the code that nothing changes. The two `__deepcopy__` below put the choices
# in `copy.deepcopy`'s memo first, the standard way to say "this object, not a copy of it":
# everything else is copied as before. The lists stay lists (not functions, which Django would
# not copy either) because drf-spectacular lists the values of a list only, in the schema.
# tests/projects/test_filter_copies.py holds the behaviour: each request validates, shows and
# filters on its own.


class _SharedChoicesField(django_filters.fields.ChoiceField):
    """A form field whose copies share its choices (Django copies a form's fields per form)."""

    def __deepcopy__(self, memo):
        memo[id(self._choices.choices)] = self._choices.choices
        return super().__deepcopy__(memo)


class ChoiceFilter(django_filters.ChoiceFilter):
    """A ChoiceFilter whose choices are constants of the code, shared by its per-request copies
    (django-filter's Filter has no `__deepcopy__` of its own: this is the default deep copy,
    with the choices in the memo)."""

    field_class = _SharedChoicesField

    def __deepcopy__(self, memo):
        choices = self.extra["choices"]
        memo[id(choices)] = choices
        clone = copy.copy(self)
        memo[id(self)] = clone
        clone.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return clone


# What the capabilities above add to the list's filters without projects knowing them: the
# evaluation app registers what "with results" means (`register_results_filter`, in its
# `AppConfig.ready()`); with nothing registered the filter keeps no project.
_results_q = None


def register_results_filter(build_q) -> None:
    """`build_q()` returns the Q that keeps the projects with published results."""
    global _results_q
    _results_q = build_q


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
    results = ChoiceFilter(
        label=_("Results"),
        choices=[("with", _("With results")), ("without", _("Without results yet"))],
        empty_label=_("With or without results"),
        method="filter_results",
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
        fields = ["q", "theme", "district", "status", "seeks", "results", "sort"]

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

    def filter_results(self, queryset, name, value: str):
        if _results_q is None:
            return queryset.none() if value == "with" else queryset
        return queryset.filter(_results_q()) if value == "with" else queryset.exclude(_results_q())

    def sort_by(self, queryset, name, value: str):
        return queryset.order_by(*ORDERINGS[value])
