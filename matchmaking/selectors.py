"""Reads that span models: the facts the scoring needs, each in a constant number of queries,
and the matches and resources the pages and the API show."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Min, Prefetch, Q
from taggit.models import TaggedItem

from core.folding import fold
from organisations.models import MANAGING_ROLES, Membership, Organisation
from projects.models import ConsortiumPartner, Project, Solution

from .models import (
    Approach,
    CapabilityProfile,
    Match,
    ProjectCommitments,
    ProjectNeed,
    Resource,
    ResourceKind,
)
from .scoring import OfferFacts, OrganisationFacts, ProjectFacts


def candidate_organisations():
    return Organisation.objects.verified()


def _profile(organisation) -> CapabilityProfile:
    try:
        return organisation.capability_profile
    except CapabilityProfile.DoesNotExist:
        return CapabilityProfile(organisation=organisation)


def tag_names(model, ids) -> dict[int, list[str]]:
    """{id: its tag names} for objects of `model` (ids: a list or a subquery), in one
    query. Not `prefetch_related("tags")`: taggit builds a manager and a queryset per object,
    which cost a refresh over 6,000 projects seconds of Python."""
    names = defaultdict(list)
    rows = (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids
        )
        .order_by()
        .values_list("object_id", "tag__name")
    )
    for object_id, name in rows:
        names[object_id].append(name)
    return names


def organisation_facts(organisations) -> list[OrganisationFacts]:
    """Facts of the organisations (a queryset): 4 queries whatever their number."""
    expertise = tag_names(Organisation, organisations.values("pk"))
    organisations = list(
        organisations.select_related("capability_profile").prefetch_related(
            Prefetch(
                "resources",
                queryset=Resource.objects.filter(
                    direction=Resource.Direction.OFFER, is_open=True
                ).order_by("id"),
                to_attr="open_offers",
            ),
        )
    )
    ids = [o.pk for o in organisations]
    themes, owner_sectors, owners = defaultdict(set), defaultdict(set), defaultdict(set)
    led = Solution.objects.filter(lead_organisation_id__in=ids).exclude(
        status=Solution.Status.WITHDRAWN
    )
    partnered = ConsortiumPartner.objects.filter(
        organisation_id__in=ids, status=ConsortiumPartner.Status.ACCEPTED
    )
    for rows in (
        led.values_list(
            "lead_organisation_id",
            "project__theme",
            "project__organisation__sector",
            "project__organisation_id",
        ),
        partnered.values_list(
            "organisation_id",
            "solution__project__theme",
            "solution__project__organisation__sector",
            "solution__project__organisation_id",
        ),
    ):
        for organisation_id, theme, sector, owner in rows:
            themes[organisation_id].add(theme)
            owner_sectors[organisation_id].add(sector)
            owners[organisation_id].add(owner)
    facts = []
    for organisation in organisations:
        tags = tuple(sorted(expertise[organisation.pk]))
        offers = tuple(
            OfferFacts(id=r.pk, kind=r.kind, title=r.title, districts=tuple(r.district_codes))
            for r in organisation.open_offers
        )
        text = " ".join(
            [organisation.description, " ".join(tags)]
            + [f"{r.title} {r.description}" for r in organisation.open_offers]
        )
        facts.append(
            OrganisationFacts(
                id=organisation.pk,
                sector=organisation.sector,
                district=organisation.district,
                text=text,
                tags=tags,
                offers=offers,
                past_themes=frozenset(themes[organisation.pk]),
                past_owner_sectors=frozenset(owner_sectors[organisation.pk]),
                past_owners=frozenset(owners[organisation.pk]),
                sectors_wanted=tuple(_profile(organisation).sectors_sought),
            )
        )
    return facts


def open_projects():
    return Project.objects.filter(status=Project.Status.OPEN)


def project_facts(projects) -> list[ProjectFacts]:
    """Facts of the projects (a queryset): 3 queries whatever their number."""
    tags = tag_names(Project, projects.values("pk"))
    projects = projects.select_related("organisation").prefetch_related(
        Prefetch("needs", queryset=ProjectNeed.objects.filter(is_open=True), to_attr="open_needs"),
    )
    return [
        ProjectFacts(
            id=p.pk,
            organisation_id=p.organisation_id,
            text=f"{p.title} {p.summary} {p.description}",
            tags=tuple(sorted(tags[p.pk])),
            sectors_sought=tuple(p.sectors_sought),
            district=p.district,
            theme=p.theme,
            owner_sector=p.organisation.sector,
            need_kinds=tuple(sorted({n.kind for n in p.open_needs})),
        )
        for p in projects
    ]


def involved_organisations(project_ids) -> dict[int, set[int]]:
    """{project id: the organisations leading it, leading a solution or partnering in one}."""
    involved = defaultdict(set)
    for project_id, owner in Project.objects.filter(pk__in=project_ids).values_list(
        "pk", "organisation_id"
    ):
        involved[project_id].add(owner)
    for project_id, lead in Solution.objects.filter(
        project_id__in=project_ids, lead_organisation__isnull=False
    ).values_list("project_id", "lead_organisation_id"):
        involved[project_id].add(lead)
    for project_id, partner in ConsortiumPartner.objects.filter(
        solution__project_id__in=project_ids, status=ConsortiumPartner.Status.ACCEPTED
    ).values_list("solution__project_id", "organisation_id"):
        involved[project_id].add(partner)
    return involved


# --- What the pages and the API show ----------------------------------------------------------


def matches_for_project(project, *, sector: str = ""):
    """The organisations that could help, best first (read-time filters in `showable`)."""
    matches = Match.objects.showable_for_project(project).select_related("organisation")
    if sector:
        matches = matches.filter(organisation__sector=sector)
    return matches.order_by("-score", "organisation__name", "id")


def matches_for_organisation(organisation):
    """The open projects for it, best first."""
    return (
        Match.objects.showable_for_organisation(organisation)
        .select_related("project", "project__organisation")
        .order_by("-score", "-project__published_at", "id")
    )


# What a list's card shows of the other side (`project_match.html`, the project's list): a
# page builds and compiles these columns only, not every column of three tables.
_MATCH_FIELDS = ("project_id", "organisation_id", "score", "reasons", "computed_at")
PROJECT_CARD_FIELDS = (
    *_MATCH_FIELDS,
    "project__slug",
    "project__title",
    "project__district",
    "project__status",
    "project__published_at",
    "project__organisation_id",
    "project__organisation__slug",
    "project__organisation__name",
)
ORGANISATION_CARD_FIELDS = (
    *_MATCH_FIELDS,
    "organisation__slug",
    "organisation__name",
    "organisation__sector",
    "organisation__verified_at",
)


def freshest(matches) -> "object | None":
    """When the freshest of the matches shown was computed (None when none is): read from the
    rows a page already holds. Asking the database for the freshest of all an organisation's
    matches read every one of them (hundreds) to sort them by time."""
    return max((match.computed_at for match in matches), default=None)


def offers_for_project(project, *, limit: int = 6):
    """Open offers of verified organisations of a kind the project needs (not its own)."""
    kinds = ProjectNeed.objects.filter(project=project, is_open=True).values("kind")
    return (
        Resource.objects.public()
        .filter(direction=Resource.Direction.OFFER, kind__in=kinds)
        .exclude(organisation_id=project.organisation_id)
        .select_related("organisation")
        .order_by("-created", "-id")[:limit]
    )


def filter_resources(resources, *, q="", kind="", sector="", district="", direction=""):
    """The directory's and the API's filters: words (accent-insensitive: "ngap lut" finds
    "ngập lụt"), kind, the organisation's sector, a district covered (province-wide counts)."""
    if direction:
        resources = resources.filter(direction=direction)
    if kind:
        resources = resources.filter(kind=kind)
    if sector:
        resources = resources.filter(organisation__sector=sector)
    if district:
        resources = resources.filter(
            Q(districts__contains=f",{district},") | Q(districts__contains=",province,")
        )
    for word in fold(q or "").split()[:8]:
        resources = resources.filter(search_text__contains=word)
    return resources


def kind_label(kind: str) -> str:
    return str(dict(ResourceKind.choices).get(kind, kind))


def matches_for_organisations(organisations, *, per_organisation: int) -> dict[int, list]:
    """{organisation id: its best matches}, the first few of each in one query.

    Each organisation's few are read in its index's order and stop there (a subquery with a
    limit per organisation): ranking every match of each organisation with a window read all
    of them, some 400 each at the province's scale, and probed "not already involved" for
    every one."""
    found: dict[int, list] = {}
    # Each limit in a subquery of its own: SQLite allows no LIMIT or ORDER BY in a part of a
    # UNION.
    firsts = [
        Match.objects.filter(
            pk__in=Match.objects.showable_for_organisation(organisation)
            .order_by("-score", "id")
            .values("pk")[:per_organisation]
        )
        .order_by()
        .values("pk")
        for organisation in organisations
        if organisation.verified_at is not None  # else nothing of it is shown
    ]
    if not firsts:
        return found
    ranked = (
        Match.objects.filter(pk__in=firsts[0].union(*firsts[1:], all=True))
        .select_related("project", "project__organisation")
        .order_by("organisation_id", "-score", "id")
    )
    for match in ranked:
        found.setdefault(match.organisation_id, []).append(match)
    return found


# --- Invitations to propose and expressions of interest --------------------------------------


def approaches_for(user):
    """The invitations and interests of the organisations the user belongs to, either side."""
    return Approach.objects.involving(user).for_listing()


def inbox(user) -> dict[str, list]:
    """My Helix's "what waits for you": pending ones the user's organisations must answer, and
    the rest (sent ones with their status, answered ones), newest first. Two queries."""
    if not user.is_authenticated:
        return {"waiting": [], "others": []}
    managed = user.memberships.filter(role__in=MANAGING_ROLES).values("organisation_id")
    pending = Approach.objects.filter(status=Approach.Status.PENDING)
    waiting = list(
        pending.filter(
            Q(kind=Approach.Kind.INVITATION, organisation_id__in=managed)
            | Q(kind=Approach.Kind.INTEREST, project__organisation_id__in=managed)
        ).for_listing()[:50]
    )
    shown = {a.pk for a in waiting}
    others = [a for a in approaches_for(user)[: 50 + len(shown)] if a.pk not in shown][:50]
    return {"waiting": waiting, "others": others}


def approach_states(*, project_ids=None, organisation_ids=None) -> dict[tuple[int, int], Approach]:
    """{(project id, organisation id): the newest invitation or interest of the pair}, in one
    query: the lists of matches show it beside each match instead of the form."""
    rows = Approach.objects.all()
    if project_ids is not None:
        rows = rows.filter(project_id__in=list(project_ids))
    if organisation_ids is not None:
        rows = rows.filter(organisation_id__in=list(organisation_ids))
    states: dict[tuple[int, int], Approach] = {}
    for approach in rows.order_by("-created", "-id"):
        states.setdefault((approach.project_id, approach.organisation_id), approach)
    return states


def approach_contacts(approach: Approach) -> list[dict]:
    """Both sides' contact persons (the person who sent it, the one who answered, and each
    organisation's owners and managers; people, not API accounts), in one query. Shown only to
    the two sides, once accepted (`matchmaking.see_contacts`)."""
    sides = {
        approach.project.organisation_id: approach.project.organisation,
        approach.organisation_id: approach.organisation,
    }
    people = Membership.objects.filter(
        organisation_id__in=sides, user__api_organisation=None
    ).filter(
        Q(role__in=MANAGING_ROLES)
        | Q(user_id__in=[pk for pk in (approach.sent_by_id, approach.answered_by_id) if pk])
    )
    contacts = []
    for organisation_id, name, email in people.order_by(
        "organisation__name", "user__display_name", "user_id"
    ).values_list("organisation_id", "user__display_name", "user__email"):
        contacts.append(
            {"organisation": sides[organisation_id].name, "name": name or email, "email": email}
        )
    return contacts


def commitments_of(project) -> "ProjectCommitments | None":
    return ProjectCommitments.objects.filter(project=project).first()


def committed_pledges(project, *, limit: int = 10):
    return (
        Approach.objects.committed()
        .filter(project=project)
        .select_related("organisation", "pledge")
        .order_by("-answered_at", "-id")[:limit]
    )


def accepted_pledges(project_ids) -> dict[int, list[Resource]]:
    """The offers committed to each project (accepted interests that pledged one), with their
    organisations, in one query: the insights' sectors involved and committed resources."""
    committed: dict[int, list[Resource]] = {}
    for approach in (
        Approach.objects.committed()
        .filter(project_id__in=list(project_ids))
        .select_related("pledge__organisation")
        .order_by("project_id", "answered_at", "id")
    ):
        committed.setdefault(approach.project_id, []).append(approach.pledge)
    return committed


def pending_approaches() -> dict:
    """What waits for an answer, for the staff desk: pending invitations and interests, and
    when the oldest of each was sent (one query)."""
    pending = Approach.objects.filter(status=Approach.Status.PENDING)
    invitation, interest = Q(kind=Approach.Kind.INVITATION), Q(kind=Approach.Kind.INTEREST)
    return pending.aggregate(
        invitations=Count("pk", filter=invitation),
        oldest_invitation=Min("created", filter=invitation),
        interests=Count("pk", filter=interest),
        oldest_interest=Min("created", filter=interest),
    )
