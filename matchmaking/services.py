"""Every write of matchmaking: keyword-only, checked by the rules of permissions.py.

Each change that moves a match queues its refresh once the transaction commits (`tasks.py`).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from core.folding import fold
from core.permissions import require
from organisations.models import Organisation
from organisations.services import organisation_update
from projects import page_cache
from projects.models import Project

from . import for_you, scoring, selectors, signals
from .models import (
    Approach,
    CapabilityProfile,
    Match,
    MatchAnnouncement,
    ProjectCommitments,
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


@transaction.atomic
def capabilities_update(
    *,
    organisation: Organisation,
    by: User,
    expertise: list[str] | None = None,
    sectors: list[str] | None = None,
) -> Organisation:
    """The API's edit of an organisation's capabilities: its expertise (through the
    organisation's own service and rule, as the site's profile form does) and the sectors it
    wants to work with; either may be left out. All or nothing."""
    require(by, "matchmaking.edit_capabilities", organisation)
    if expertise is not None:
        organisation_update(organisation=organisation, by=by, expertise=expertise)
    if sectors is not None:
        capability_profile_update(organisation=organisation, by=by, sectors=sectors)
    return organisation


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
    if Approach.objects.committed().filter(pledge=resource).exists():
        raise ValidationError(
            _("This offer is committed to a project: close it instead of removing it.")
        )
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


def _store(
    pairs: list[tuple[int, int, float, list[dict]]],
    *,
    clear,
    pages=None,
    sections_of: int | None = None,
) -> int:
    """Replace the `clear` matches by `pairs`; `pages`: the ids of the projects whose visitors'
    pages show them (None: any project's); `sections_of`: the organisation whose section of My
    Helix shows them all (None: any organisation's)."""
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
        # Bulk writes send no post_save.
        page_cache.forget_pages_of(pages)
        for_you.forget_sections_of(sections_of)
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
    """Every project against every organisation not involved in it, through `scoring.Scorer`
    (the pairs with no tag, word or kind of offer in common are never scored: they score 0)."""
    involved = selectors.involved_organisations([p.id for p in projects])
    scorer = scoring.Scorer(corpus, organisations)
    return [
        (project.id, organisation_id, value, reasons)
        for project in projects
        for organisation_id, value, reasons in scorer.matches(project, exclude=involved[project.id])
    ]


def matches_refresh_project(*, project_id: int) -> int:
    """Recompute one project's matches against every verified organisation."""
    everyone = selectors.organisation_facts(selectors.candidate_organisations())
    projects = selectors.project_facts(selectors.open_projects().filter(pk=project_id))
    corpus = scoring.build_corpus(everyone)
    return _store(
        _pairs(projects, everyone, corpus),
        clear=Match.objects.filter(project_id=project_id),
        pages=[project_id],
    )


def matches_refresh_organisation(*, organisation_id: int) -> int:
    """Recompute one organisation's matches against every open project."""
    everyone = selectors.organisation_facts(selectors.candidate_organisations())
    corpus = scoring.build_corpus(everyone)
    theirs = [o for o in everyone if o.id == organisation_id]
    projects = selectors.project_facts(selectors.open_projects()) if theirs else []
    clear = Match.objects.filter(organisation_id=organisation_id)
    return _store(_pairs(projects, theirs, corpus), clear=clear, sections_of=organisation_id)


def matches_refresh_all() -> int:
    """Recompute every match (the nightly refresh: rarity and words move with every profile)."""
    everyone = selectors.organisation_facts(selectors.candidate_organisations())
    corpus = scoring.build_corpus(everyone)
    projects = selectors.project_facts(selectors.open_projects())
    return _store(_pairs(projects, everyone, corpus), clear=Match.objects.all())


# --- Acting on a match: invitations to propose, expressions of interest, answers ------------

DECLINED_PAUSE = dt.timedelta(days=30)


def _check_pair(project: Project, organisation: Organisation) -> None:
    """Only an open project and a verified organisation not already involved in it."""
    if project.status != Project.Status.OPEN:
        raise ValidationError(_("Only an open project takes invitations and interests."))
    if not organisation.is_verified:
        raise ValidationError(
            _("%(organisation)s is not verified yet.") % {"organisation": organisation}
        )
    if organisation.pk in selectors.involved_organisations([project.pk])[project.pk]:
        raise ValidationError(
            _("%(organisation)s already takes part in this project.")
            % {"organisation": organisation}
        )


def _check_allowance(sender: Organisation, kind: str) -> None:
    """At most HELIX_MATCH_ACTIONS_PER_DAY of each kind per organisation in 24 hours. The
    organisation's row is locked so that simultaneous requests count each other."""
    Organisation.objects.select_for_update().filter(pk=sender.pk).values_list("pk").first()
    limit = settings.HELIX_MATCH_ACTIONS_PER_DAY
    since = timezone.now() - dt.timedelta(days=1)
    sent = Approach.objects.filter(sender_organisation=sender, kind=kind, created__gte=since)
    if sent.count() >= limit:
        if kind == Approach.Kind.INVITATION:
            text = ngettext(
                "%(organisation)s has sent %(limit)s invitation in the last 24 hours, the "
                "most allowed: try again tomorrow.",
                "%(organisation)s has sent %(limit)s invitations in the last 24 hours, the "
                "most allowed: try again tomorrow.",
                limit,
            )
        else:
            text = ngettext(
                "%(organisation)s has expressed interest %(limit)s time in the last 24 hours, "
                "the most allowed: try again tomorrow.",
                "%(organisation)s has expressed interest %(limit)s times in the last 24 hours, "
                "the most allowed: try again tomorrow.",
                limit,
            )
        raise ValidationError(text % {"organisation": sender, "limit": limit}, code="limit")


def _check_not_repeated(project: Project, organisation: Organisation, kind: str) -> None:
    pair = Approach.objects.filter(project=project, organisation=organisation)
    if pair.filter(status=Approach.Status.PENDING).exists():
        raise ValidationError(
            _(
                "An invitation or an interest between %(organisation)s and this project is "
                "already waiting for an answer."
            )
            % {"organisation": organisation},
            code="pending",
        )
    declined = (
        pair.filter(
            kind=kind,
            status=Approach.Status.DECLINED,
            answered_at__gte=timezone.now() - DECLINED_PAUSE,
        )
        .order_by("-answered_at")
        .values_list("answered_at", flat=True)
        .first()
    )
    if declined is not None:
        raise ValidationError(
            _("This was declined on %(declined)s: it cannot be repeated before %(again)s.")
            % {
                "declined": date_format(timezone.localtime(declined).date()),
                "again": date_format(timezone.localtime(declined + DECLINED_PAUSE).date()),
            },
            code="declined",
        )


def _approach_create(*, kind: str, project, organisation, sender, by, **fields) -> Approach:
    _check_pair(project, organisation)
    _check_not_repeated(project, organisation, kind)
    _check_allowance(sender, kind)
    approach = Approach(
        kind=kind,
        project=project,
        organisation=organisation,
        sender_organisation=sender,
        sent_by=by,
        **fields,
    )
    approach.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            approach.save()
    except IntegrityError:  # the same pair, a moment ago, by a simultaneous request
        raise ValidationError(
            _(
                "An invitation or an interest between %(organisation)s and this project is "
                "already waiting for an answer."
            )
            % {"organisation": organisation},
            code="pending",
        ) from None
    signals.approach_sent.send(Approach, approach=approach, by=by)
    return approach


@transaction.atomic
def invitation_send(
    *, project: Project, organisation: Organisation, by: User, message: str = ""
) -> Approach:
    """The project's team invites an organisation to propose a solution."""
    require(by, "matchmaking.invite", project)
    return _approach_create(
        kind=Approach.Kind.INVITATION,
        project=project,
        organisation=organisation,
        sender=project.organisation,
        by=by,
        message=message.strip(),
    )


@transaction.atomic
def interest_express(
    *,
    organisation: Organisation,
    project: Project,
    by: User,
    message: str = "",
    pledge: Resource | None = None,
) -> Approach:
    """A member of an organisation tells a project it is interested, optionally pledging one of
    the organisation's open offers."""
    require(by, "matchmaking.express_interest", organisation)
    if pledge is not None and not (
        pledge.organisation_id == organisation.pk
        and pledge.direction == Resource.Direction.OFFER
        and pledge.is_open
    ):
        raise ValidationError(
            {
                "pledge": _("Pledge one of %(organisation)s's open offers.")
                % {"organisation": organisation}
            }
        )
    return _approach_create(
        kind=Approach.Kind.INTEREST,
        project=project,
        organisation=organisation,
        sender=organisation,
        by=by,
        message=message.strip(),
        pledge=pledge,
    )


def _locked(approach: Approach) -> Approach:
    return (
        Approach.objects.select_for_update(of=("self",))
        .select_related("project__organisation", "organisation", "pledge")
        .get(pk=approach.pk)
    )


def _commit(approach: Approach) -> None:
    """Count the accepted pledge among the project's resources committed (F(), this
    transaction)."""
    ProjectCommitments.objects.get_or_create(project_id=approach.project_id)
    sector = f"committed_{approach.organisation.sector}"
    ProjectCommitments.objects.filter(project_id=approach.project_id).update(
        committed_count=F("committed_count") + 1, **{sector: F(sector) + 1}
    )


@transaction.atomic
def approach_answer(*, approach: Approach, accept: bool, by: User, message: str = "") -> Approach:
    """The other side accepts or declines. An accepted pledge becomes a resource committed."""
    approach = _locked(approach)
    if approach.status != Approach.Status.PENDING:
        raise ValidationError(_("This has already been answered or withdrawn."))
    require(by, "matchmaking.answer_approach", approach)
    if accept:
        if approach.project.status != Project.Status.OPEN:
            raise ValidationError(_("Only an open project takes invitations and interests."))
        if not approach.organisation.is_verified:
            raise ValidationError(
                _("%(organisation)s is not verified yet.") % {"organisation": approach.organisation}
            )
        if approach.pledge is not None and not approach.pledge.is_open:
            raise ValidationError(_("The pledged offer has been closed since."))
    approach.status = Approach.Status.ACCEPTED if accept else Approach.Status.DECLINED
    approach.answered_by = by
    approach.answered_at = timezone.now()
    approach.answer_message = message.strip()
    approach.full_clean(validate_constraints=False)
    approach.save(
        update_fields=["status", "answered_by", "answered_at", "answer_message", "modified"]
    )
    if accept and approach.pledge_id is not None:
        _commit(approach)
        signals.offer_pledged.send(Approach, approach=approach, by=by)
    signals.approach_answered.send(Approach, approach=approach, by=by)
    return approach


@transaction.atomic
def approach_withdraw(*, approach: Approach, by: User) -> Approach:
    """The side that sent it takes it back while it waits for an answer."""
    approach = _locked(approach)
    if approach.status != Approach.Status.PENDING:
        raise ValidationError(_("This has already been answered or withdrawn."))
    require(by, "matchmaking.withdraw_approach", approach)
    approach.status = Approach.Status.WITHDRAWN
    approach.save(update_fields=["status", "modified"])
    return approach
