"""One search box (/search/?q=): projects, solutions and organisations together, grouped.

A read spanning projects and organisations, composed into one page: it lives on the top floor,
beside My Helix, and reuses each app's own search rather than a second rule: the projects'
stored, folded search document (`projects.selectors.search_projects`, through `ProjectFilter`)
and the organisation directory's (`OrganisationFilter`); solutions, which have no list of their
own, are searched here with the same folding (`core.folding`). Each group is what its own list
would show the visitor (`visible_to`: no other organisation's drafts, no withdrawn solution).
Two queries a group (a count and a page) whatever the data.
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.choices import District
from core.folding import Fold
from organisations.filters import OrganisationFilter
from organisations.models import Organisation, Sector
from projects.filters import NEWEST, ProjectFilter
from projects.models import Project, Solution, Theme

GROUP_SIZE = 5  # rows a group shows on the page of all groups
PAGE_SIZE = 20  # rows a page of one group shows

PROJECTS, SOLUTIONS, ORGANISATIONS = "projects", "solutions", "organisations"
# The filters each group takes; a group a chosen filter does not apply to is left out.
APPLIES = {
    PROJECTS: {"theme", "district", "sector", "status"},
    SOLUTIONS: {"theme", "district", "sector"},
    ORGANISATIONS: {"district", "sector"},
}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    type = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Everything")),
            (PROJECTS, _("Projects")),
            (SOLUTIONS, _("Solutions")),
            (ORGANISATIONS, _("Organisations")),
        ],
    )
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All themes")), *Theme.choices]
    )
    district = forms.ChoiceField(
        label=_("District"), required=False, choices=[("", _("All districts")), *District.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    status = forms.ChoiceField(
        label=_("Project status"),
        required=False,
        choices=[("", _("All statuses")), *Project.Status.choices],
    )


def _project_results(user, words: str, filters: dict) -> QuerySet[Project]:
    data = {k: filters[k] for k in ("theme", "district", "status") if filters.get(k)}
    projects = ProjectFilter(
        {"q": words, **data},
        queryset=Project.objects.visible_to(user).with_listing_data().order_by(*NEWEST),
    ).qs
    if filters.get("sector"):
        projects = projects.filter(organisation__sector=filters["sector"])
    return projects


def _solution_results(user, words: str, filters: dict) -> QuerySet[Solution]:
    solutions = (
        Solution.objects.visible_to(user)
        .exclude(status=Solution.Status.WITHDRAWN)
        .select_related("project", "lead_organisation")
        .order_by("-created", "-pk")
    )
    if words.strip():
        document = Fold(Concat("title", Value(" "), "summary", output_field=TextField()))
        matches = Q()
        for word in words.split():
            matches &= Q(search_folded__contains=Fold(Value(word)))
        solutions = solutions.alias(search_folded=document).filter(matches)
    for name in ("theme", "district"):
        if filters.get(name):
            solutions = solutions.filter(**{f"project__{name}": filters[name]})
    sector = filters.get("sector")
    if sector:
        # A person who proposes alone counts as community (the supports' rule).
        led = Q(lead_organisation__sector=sector)
        if sector == Sector.COMMUNITY:
            led |= Q(lead_organisation__isnull=True)
        solutions = solutions.filter(led)
    return solutions


def _organisation_results(user, words: str, filters: dict) -> QuerySet[Organisation]:
    data = {k: filters[k] for k in ("district", "sector") if filters.get(k)}
    return OrganisationFilter({"q": words, **data}, queryset=Organisation.objects.all()).qs


SEARCHES = {
    PROJECTS: _project_results,
    SOLUTIONS: _solution_results,
    ORGANISATIONS: _organisation_results,
}
TITLES = {PROJECTS: _("Projects"), SOLUTIONS: _("Solutions"), ORGANISATIONS: _("Organisations")}


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    groups = []
    asked = False
    if form.is_valid():
        data = form.cleaned_data
        words = data["q"].strip()
        chosen = {k for k in ("theme", "district", "sector", "status") if data[k]}
        asked = bool(words or chosen)
        types = [data["type"]] if data["type"] else list(SEARCHES)
        for kind in types if asked else []:
            if not chosen <= APPLIES[kind]:
                continue
            results = SEARCHES[kind](request.user, words, data)
            if data["type"]:
                page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
                rows, count = list(page.object_list), page.paginator.count
            else:
                page = None
                count = results.count()
                rows = list(results[:GROUP_SIZE]) if count else []
            query = request.GET.copy()
            query.pop("page", None)
            query["type"] = kind
            groups.append(
                {
                    "kind": kind,
                    "title": TITLES[kind],
                    "rows": rows,
                    "count": count,
                    "page_obj": page,
                    "all_url": f"?{query.urlencode()}",
                }
            )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "search.html",
        {
            "form": form,
            "groups": groups,
            "asked": asked,
            "total": sum(group["count"] for group in groups),
            "query": query.urlencode(),
        },
    )
