"""Every write of matchmaking: keyword-only, checked by the rules of permissions.py.

Each change that moves a match queues its refresh once the transaction commits (`tasks.py`).
"""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.folding import fold
from core.permissions import require
from organisations.models import Organisation
from projects.models import Project

from . import scoring, selectors, signals
from .models import (
    CapabilityProfile,
    Match,
    MatchAnnouncement,
    ProjectNeed,
    Resource,
    districts_key,
)

RESOURCE_FIELDS = (
    "direction",
    "kind",
    "title",
    "description",
    "conditions",
    "value_vnd",
    "is_open",
)
NEED_FIELDS = ("kind", "title", "description", "is_open")


def _refresh_organisation_later(organisation_id: int) -> None:
    signals.capabilities_changed.send(Organisation, organisation_id=organisation_id)


def _refresh_project_later(project_id: int) -> None:
    signals.needs_changed.send(Project, project_id=project_id)


# --- The organisation's side ---------------------------------------------------------------


@transaction.atomic
def capability_profile_update(
    *, organisation: Organisation, by: User, sectors: list[str]
) -> CapabilityProfile:
    require(by, "matchmaking.edit_capabilities", organisation)
    profile, _created = CapabilityProfile.objects.get_or_create(organisation=organisation)
    for sector in ("government", "enterprise", "academia", "community"):
        setattr(profile, f"seeks_{sector}", sector in sectors)
    profile.full_clean()
    profile.save()
    _refresh_organisation_later(organisation.pk)
    return profile


def _resource_save(resource: Resource, fields: dict) -> Resource:
    for name in RESOURCE_FIELDS:
        if name in fields:
            setattr(resource, name, fields[name])
    if "districts" in fields:
        resource.districts = districts_key(fields["districts"])
    resource.search_text = fold(
        " ".join([resource.title, resource.description, resource.conditions])
    )
    resource.full_clean()
    resource.save()
    if resource.direction == Resource.Direction.OFFER or "direction" in fields:
        _refresh_organisation_later(resource.organisation_id)
    return resource


@transaction.atomic
def resource_create(*, organisation: Organisation, by: User, **fields) -> Resource:
    require(by, "matchmaking.edit_capabilities", organisation)
    return _resource_save(Resource(organisation=organisation), fields)


@transaction.atomic
def resource_update(*, resource: Resource, by: User, **fields) -> Resource:
    require(by, "matchmaking.edit_resource", resource)
    return _resource_save(resource, fields)


@transaction.atomic
def resource_delete(*, resource: Resource, by: User) -> None:
    require(by, "matchmaking.edit_resource", resource)
    organisation_id = resource.organisation_id
    resource.delete()
    _refresh_organisation_later(organisation_id)


# --- The project's side --------------------------------------------------------------------


def _need_save(need: ProjectNeed, fields: dict) -> ProjectNeed:
    for name in NEED_FIELDS:
        if name in fields:
            setattr(need, name, fields[name])
    need.search_text = fold(f"{need.title} {need.description}")
    need.full_clean()
    need.save()
    _refresh_project_later(need.project_id)
    return need


@transaction.atomic
def need_create(*, project: Project, by: User, **fields) -> ProjectNeed:
    require(by, "matchmaking.edit_needs", project)
    return _need_save(ProjectNeed(project=project), fields)


@transaction.atomic
def need_update(*, need: ProjectNeed, by: User, **fields) -> ProjectNeed:
    require(by, "matchmaking.edit_need", need)
    return _need_save(need, fields)


@transaction.atomic
def need_delete(*, need: ProjectNeed, by: User) -> None:
    require(by, "matchmaking.edit_need", need)
    project_id = need.project_id
    need.delete()
    _refresh_project_later(project_id)


# --- The matches: recomputed by tasks.py, never per request ---------------------------------


def _store(pairs: list[tuple[int, int, float, list[dict]]], *, clear) -> int:
    now = timezone.now()
    with transaction.atomic():
        clear.delete()
        Match.objects.bulk_create(
            Match(
                project_id=project_id,
                organisation_id=organisation_id,
                score=value,
                reasons=reasons,
                computed_at=now,
            )
            for project_id, organisation_id, value, reasons in pairs
        )
        _announce(pairs)
    return len(pairs)


def _announce(pairs: list[tuple[int, int, float, list[dict]]]) -> None:
    """Tell the organisations of the strong pairs never told before (`strong_matches_found`,
    on which notifications records one event per pair). Three queries whatever the numbers;
    the unique constraint of `MatchAnnouncement`, not this read, is what keeps it to once."""
    strong = {(p, o): value for p, o, value, _reasons in pairs if value >= scoring.STRONG}
    if not strong:
        return
    told = set(
        MatchAnnouncement.objects.filter(
            project_id__in={p for p, _o in strong}, organisation_id__in={o for _p, o in strong}
        ).values_list("project_id", "organisation_id")
    )
    new = [(p, o, value) for (p, o), value in sorted(strong.items()) if (p, o) not in told]
    if not new:
        return
    MatchAnnouncement.objects.bulk_create(
        [MatchAnnouncement(project_id=p, organisation_id=o, score=value) for p, o, value in new],
        ignore_conflicts=True,
    )
    signals.strong_matches_found.send(Match, pairs=new)


def _pairs(projects, organisations, corpus) -> list[tuple[int, int, float, list[dict]]]:
    involved = selectors.involved_organisations([p.id for p in projects])
    pairs = []
    for project in projects:
        vector = corpus.vector(project.text + " " + " ".join(project.tags))
        for organisation in organisations:
            if organisation.id in involved[project.id]:
                continue
            value, reasons = scoring.score(project, organisation, corpus, vector)
            if value:
                pairs.append((project.id, organisation.id, value, reasons))
    return pairs


def matches_refresh_project(*, project_id: int) -> int:
    """Recompute one project's matches against every verified organisation."""
    everyone = selectors.organisation_facts(selectors.candidate_organisations())
    projects = selectors.project_facts(selectors.open_projects().filter(pk=project_id))
    corpus = scoring.build_corpus(everyone)
    return _store(
        _pairs(projects, everyone, corpus), clear=Match.objects.filter(project_id=project_id)
    )


def matches_refresh_organisation(*, organisation_id: int) -> int:
    """Recompute one organisation's matches against every open project."""
    everyone = selectors.organisation_facts(selectors.candidate_organisations())
    corpus = scoring.build_corpus(everyone)
    theirs = [o for o in everyone if o.id == organisation_id]
    projects = selectors.project_facts(selectors.open_projects()) if theirs else []
    clear = Match.objects.filter(organisation_id=organisation_id)
    return _store(_pairs(projects, theirs, corpus), clear=clear)


def matches_refresh_all() -> int:
    """Recompute every match (the nightly refresh: rarity and words move with every profile)."""
    everyone = selectors.organisation_facts(selectors.candidate_organisations())
    corpus = scoring.build_corpus(everyone)
    projects = selectors.project_facts(selectors.open_projects())
    return _store(_pairs(projects, everyone, corpus), clear=Match.objects.all())
