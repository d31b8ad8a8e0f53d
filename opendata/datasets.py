"""The open datasets: what each holds, its columns (the data dictionary) and its rows.

Every dataset reads only what anyone may see on the site (`visible_to(AnonymousUser())`, the
offers' `public()`), and never a person: no email address, no person's name (an individual's
solution says "individual", not who), no comment, no vote row — supports are the counters kept
per project and per solution. Rows come from `values_list(...).iterator(chunk_size=...)`, so
the builder holds one chunk at a time whatever the data size.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.choices import District
from core.links import site_url
from matchmaking.models import Resource, ResourceKind
from organisations.models import Organisation, Sector
from projects.models import ConsortiumPartner, Project, Solution, StatusChange, Theme

CHUNK = 2000
SECTORS = [value for value, _label in Sector.choices]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless Table Schema types: string, integer, boolean, date, datetime
    description: str
    allowed: tuple[str, ...] = ()

    @property
    def allowed_text(self) -> str:
        return ", ".join(self.allowed)


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable[tuple]] = field(repr=False)

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]


def _cell(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _stream(queryset, fields: list[str], convert: Callable[[tuple], tuple] | None = None):
    for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK):
        row = convert(row) if convert else row
        yield tuple(_cell(value) for value in row)


def _public_projects():
    return Project.objects.visible_to(AnonymousUser())


def _public_solutions():
    return Solution.objects.visible_to(AnonymousUser())


def _support_columns() -> tuple[Column, ...]:
    return (
        Column("support_count", "integer", _("Supports in total.")),
        *(
            Column(
                f"support_{sector}",
                "integer",
                _("Supports counted in the sector “%(sector)s” (the supporter's sector).")
                % {"sector": sector},
            )
            for sector in SECTORS
        ),
    )


SUPPORT_FIELDS = ["support_count", *(f"support_{sector}" for sector in SECTORS)]


# --- Projects ---------------------------------------------------------------------------------


def _project_rows() -> Iterator[tuple]:
    fields = [
        "id",
        "slug",
        "kind",
        "title",
        "summary",
        "description",
        "theme",
        "district",
        "status",
        "organisation__slug",
        "organisation__name",
        "organisation__sector",
        *(f"seeks_{sector}" for sector in SECTORS),
        "budget_vnd",
        "deadline",
        "published_at",
        "solution_count",
        *SUPPORT_FIELDS,
        "comment_count",
        "follower_count",
    ]
    base = site_url("/projects/")

    def convert(row):
        return (*row[:2], f"{base}{row[1]}/", *row[2:])

    return _stream(_public_projects().order_by("id"), fields, convert)


PROJECTS = Dataset(
    slug="projects",
    title=_("Projects"),
    description=_(
        "Every published project (no drafts): what it asks, where, its status and counts."
    ),
    columns=(
        Column("id", "integer", _("The project's number in Helix.")),
        Column("slug", "string", _("The project's short name in its address.")),
        Column("url", "string", _("The project's page.")),
        Column("kind", "string", _("Challenge or initiative."), tuple(Project.Kind.values)),
        Column("title", "string", _("Title.")),
        Column("summary", "string", _("Summary in one or two sentences.")),
        Column("description", "string", _("Description (Markdown).")),
        Column("theme", "string", _("Theme."), tuple(Theme.values)),
        Column("district", "string", _("District."), tuple(District.values)),
        Column(
            "status",
            "string",
            _("Stage of its lifecycle."),
            tuple(v for v in Project.Status.values if v != Project.Status.DRAFT),
        ),
        Column("organisation_slug", "string", _("The organisation that posted it.")),
        Column("organisation_name", "string", _("Its name.")),
        Column("organisation_sector", "string", _("Its sector."), tuple(SECTORS)),
        *(
            Column(
                f"seeks_{sector}",
                "boolean",
                _("Whether it seeks partners of the sector “%(sector)s”.") % {"sector": sector},
                ("true", "false"),
            )
            for sector in SECTORS
        ),
        Column(
            "budget_vnd", "integer", _("Budget in Vietnamese đồng, if given (empty otherwise).")
        ),
        Column("deadline", "date", _("Deadline for solutions, if any.")),
        Column("published_at", "datetime", _("When it was published (ISO 8601, with offset).")),
        Column("solution_count", "integer", _("Solutions proposed.")),
        *_support_columns(),
        Column("comment_count", "integer", _("Comments.")),
        Column("follower_count", "integer", _("People who follow it.")),
    ),
    rows=_project_rows,
)


# --- Solutions --------------------------------------------------------------------------------


def _solution_rows() -> Iterator[tuple]:
    fields = [
        "id",
        "project__slug",
        "title",
        "summary",
        "description",
        "status",
        "lead_organisation__slug",
        "lead_organisation__name",
        "lead_organisation__sector",
        "estimated_cost_vnd",
        "duration_months",
        *SUPPORT_FIELDS,
        "comment_count",
        "created",
    ]

    def convert(row):
        # An individual's solution names no one: "individual", and the lead columns stay empty.
        lead = "organisation" if row[6] else "individual"
        return (*row[:6], lead, *row[6:])

    return _stream(_public_solutions().order_by("id"), fields, convert)


SOLUTIONS = Dataset(
    slug="solutions",
    title=_("Solutions"),
    description=_(
        "The solutions proposed to published projects: their public parts and their lead "
        "organisation (a solution proposed by an individual names no one)."
    ),
    columns=(
        Column("id", "integer", _("The solution's number in Helix.")),
        Column("project_slug", "string", _("The project it answers (see projects).")),
        Column("title", "string", _("Title.")),
        Column("summary", "string", _("Summary.")),
        Column("description", "string", _("Description (Markdown).")),
        Column("status", "string", _("Where the decision stands."), tuple(Solution.Status.values)),
        Column(
            "lead_type",
            "string",
            _("Proposed by an organisation or by an individual (not named)."),
            ("organisation", "individual"),
        ),
        Column(
            "lead_organisation_slug", "string", _("The lead organisation (empty for individuals).")
        ),
        Column("lead_organisation_name", "string", _("Its name.")),
        Column("lead_organisation_sector", "string", _("Its sector."), tuple(SECTORS)),
        Column("estimated_cost_vnd", "integer", _("Estimated cost in đồng, if given.")),
        Column("duration_months", "integer", _("Duration in months, if given.")),
        *_support_columns(),
        Column("comment_count", "integer", _("Comments.")),
        Column("created", "datetime", _("When it was proposed.")),
    ),
    rows=_solution_rows,
)


# --- Consortia --------------------------------------------------------------------------------


def _consortium_rows() -> Iterator[tuple]:
    solutions = _public_solutions()
    leads = solutions.filter(lead_organisation__isnull=False).order_by("id")
    yield from _stream(
        leads,
        [
            "id",
            "project__slug",
            "lead_organisation__slug",
            "lead_organisation__name",
            "lead_organisation__sector",
            "created",
        ],
        lambda row: (*row[:2], "lead", *row[2:5], "", row[5]),
    )
    partners = ConsortiumPartner.objects.filter(
        status=ConsortiumPartner.Status.ACCEPTED, solution__in=solutions.values("pk")
    ).order_by("solution_id", "id")
    yield from _stream(
        partners,
        [
            "solution_id",
            "solution__project__slug",
            "organisation__slug",
            "organisation__name",
            "organisation__sector",
            "role",
            "answered_at",
        ],
        lambda row: (*row[:2], "partner", *row[2:]),
    )


CONSORTIA = Dataset(
    slug="consortia",
    title=_("Consortia"),
    description=_(
        "Who works together on each solution: its lead organisation and the partners that "
        "accepted (one row per organisation and solution)."
    ),
    columns=(
        Column("solution_id", "integer", _("The solution (see solutions).")),
        Column("project_slug", "string", _("The project it answers.")),
        Column("position", "string", _("Lead or partner."), ("lead", "partner")),
        Column("organisation_slug", "string", _("The organisation (see organisations).")),
        Column("organisation_name", "string", _("Its name.")),
        Column("organisation_sector", "string", _("Its sector."), tuple(SECTORS)),
        Column("role", "string", _("A partner's role in the consortium (empty for the lead).")),
        Column("since", "datetime", _("When the solution was proposed, or the partner accepted.")),
    ),
    rows=_consortium_rows,
)


# --- Organisations ----------------------------------------------------------------------------


def _organisation_rows() -> Iterator[tuple]:
    base = site_url("/organisations/")

    def convert(row):
        return (*row[:2], f"{base}{row[1]}/", *row[2:6], row[6] is not None, row[6], row[7])

    return _stream(
        Organisation.objects.order_by("id"),
        ["id", "slug", "name", "sector", "district", "website", "verified_at", "member_count"],
        convert,
    )


ORGANISATIONS = Dataset(
    slug="organisations",
    title=_("Organisations"),
    description=_(
        "The organisations registered in Helix, with their public contact field (website); "
        "never their members."
    ),
    columns=(
        Column("id", "integer", _("The organisation's number in Helix.")),
        Column("slug", "string", _("Its short name in its address.")),
        Column("url", "string", _("Its page.")),
        Column("name", "string", _("Name.")),
        Column("sector", "string", _("Sector."), tuple(SECTORS)),
        Column("district", "string", _("District."), tuple(District.values)),
        Column("website", "string", _("Website, if given.")),
        Column("verified", "boolean", _("Verified by government staff."), ("true", "false")),
        Column("verified_at", "datetime", _("When it was verified.")),
        Column("member_count", "integer", _("Number of members (never who).")),
    ),
    rows=_organisation_rows,
)


# --- Supports by sector -----------------------------------------------------------------------


def _support_rows() -> Iterator[tuple]:
    yield from _stream(
        _public_projects().filter(support_count__gt=0).order_by("id"),
        ["id", "slug", *SUPPORT_FIELDS],
        lambda row: ("project", row[0], row[1], None, *row[2:]),
    )
    yield from _stream(
        _public_solutions().filter(support_count__gt=0).order_by("id"),
        ["project_id", "project__slug", "id", *SUPPORT_FIELDS],
        lambda row: ("solution", *row),
    )


SUPPORTS = Dataset(
    slug="supports",
    title=_("Supports by sector"),
    description=_(
        "Supports per project and per solution, by the supporters' sector: totals only, never "
        "who supported (rows with no support are left out)."
    ),
    columns=(
        Column("subject", "string", _("A project or a solution."), ("project", "solution")),
        Column("project_id", "integer", _("The project, or the solution's project.")),
        Column("project_slug", "string", _("Its short name.")),
        Column("solution_id", "integer", _("The solution (empty for a project).")),
        *_support_columns(),
    ),
    rows=_support_rows,
)


# --- Resource offers --------------------------------------------------------------------------


def _resource_rows() -> Iterator[tuple]:
    def convert(row):
        # Stored as ",a,b," (matchmaking.models.districts_key); published as "a,b".
        return (*row[:8], row[8].strip(","), row[9])

    return _stream(
        Resource.objects.public().filter(direction=Resource.Direction.OFFER).order_by("id"),
        [
            "id",
            "organisation__slug",
            "organisation__name",
            "organisation__sector",
            "kind",
            "title",
            "description",
            "conditions",
            "districts",
            "created",
        ],
        convert,
    )


RESOURCES = Dataset(
    slug="resource-offers",
    title=_("Resource offers"),
    description=_(
        "What verified organisations offer to projects (funding, data, test-beds, equipment, "
        "mentoring, staff, markets): the open offers of the offers directory."
    ),
    columns=(
        Column("id", "integer", _("The offer's number in Helix.")),
        Column("organisation_slug", "string", _("The organisation that offers it.")),
        Column("organisation_name", "string", _("Its name.")),
        Column("organisation_sector", "string", _("Its sector."), tuple(SECTORS)),
        Column("kind", "string", _("Kind of resource."), tuple(ResourceKind.values)),
        Column("title", "string", _("Title.")),
        Column("description", "string", _("Description.")),
        Column("conditions", "string", _("Conditions, if any.")),
        Column(
            "districts",
            "string",
            _("Districts covered, comma-separated codes (empty: not said)."),
            tuple(District.values),
        ),
        Column("created", "datetime", _("When it was offered.")),
    ),
    rows=_resource_rows,
)


# --- Status changes ---------------------------------------------------------------------------


def _status_change_rows() -> Iterator[tuple]:
    projects = _public_projects().values("pk")
    changes = StatusChange.objects.filter(
        Q(project__in=projects) | Q(solution__project__in=projects)
    ).order_by("at", "pk")
    return _stream(
        changes,
        [
            "id",
            "project_id",
            "solution__project_id",
            "solution_id",
            "from_status",
            "to_status",
            "at",
        ],
        lambda row: (
            row[0],
            "solution" if row[3] else "project",
            row[1] or row[2],
            row[3],
            *row[4:],
        ),
    )


STATUS_CHANGES = Dataset(
    slug="status-changes",
    title=_("Status changes"),
    description=_(
        "Each step of the published projects' and their solutions' lifecycles: from what to "
        "what, and when (not who)."
    ),
    columns=(
        Column("id", "integer", _("The change's number.")),
        Column("subject", "string", _("A project or a solution."), ("project", "solution")),
        Column("project_id", "integer", _("The project, or the solution's project.")),
        Column("solution_id", "integer", _("The solution (empty for a project).")),
        Column(
            "from_status",
            "string",
            _("Status before (empty when it was created)."),
            tuple(dict.fromkeys([*Project.Status.values, *Solution.Status.values])),
        ),
        Column(
            "to_status",
            "string",
            _("Status after."),
            tuple(dict.fromkeys([*Project.Status.values, *Solution.Status.values])),
        ),
        Column("at", "datetime", _("When.")),
    ),
    rows=_status_change_rows,
)


DATASETS: tuple[Dataset, ...] = (
    PROJECTS,
    SOLUTIONS,
    CONSORTIA,
    ORGANISATIONS,
    SUPPORTS,
    RESOURCES,
    STATUS_CHANGES,
)
BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}
ALL = "all"

LICENCE_NAME = "CC-BY-4.0"
LICENCE_TITLE = "Creative Commons Attribution 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
