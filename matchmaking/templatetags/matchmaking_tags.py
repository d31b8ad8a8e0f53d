"""Matchmaking's parts of pages it does not own: the project page, the organisation page and My
Helix include them (`{% load matchmaking_tags %}`), each in a constant number of queries."""

from django import template

from .. import for_you, selectors
from ..models import CapabilityProfile, Resource
from ..reasons import with_reason_texts

register = template.Library()
SHORT_LIST = 5


@register.inclusion_tag("matchmaking/includes/project_panel.html", takes_context=True)
def project_matchmaking(context, project):
    """A project's needs, the organisations that could help it and the offers that fit."""
    user = context["user"]
    is_open = project.status == project.Status.OPEN
    matches = list(selectors.matches_for_project(project)[:SHORT_LIST]) if is_open else []
    can_invite = is_open and user.has_perm("matchmaking.invite", project)
    return {
        "can_invite": can_invite,
        "states": selectors.approach_states(project_ids=[project.pk]) if can_invite else {},
        "user": user,
        "project": project,
        "needs": [n for n in project.needs.all() if n.is_open],
        "can_edit_needs": user.has_perm("matchmaking.edit_needs", project),
        "is_open": is_open,
        "matches": with_reason_texts(matches),
        "offers": list(selectors.offers_for_project(project)) if is_open else [],
    }


@register.inclusion_tag("matchmaking/includes/organisation_panel.html", takes_context=True)
def organisation_matchmaking(context, organisation):
    """An organisation's capabilities and the projects for it."""
    user = context["user"]
    profile = CapabilityProfile.objects.filter(organisation=organisation).first()
    resources = list(
        Resource.objects.visible_to(user).filter(organisation=organisation, is_open=True)
    )
    matches = list(selectors.matches_for_organisation(organisation)[:SHORT_LIST])
    can_express = user.has_perm("matchmaking.express_interest", organisation)
    offers = [r for r in resources if r.direction == Resource.Direction.OFFER]
    return {
        "can_express": can_express,
        "states": (
            selectors.approach_states(organisation_ids=[organisation.pk]) if can_express else {}
        ),
        "pledges": offers,
        "organisation": organisation,
        "sectors": profile.sectors_sought if profile else [],
        "offers": offers,
        "seeks": [r for r in resources if r.direction == Resource.Direction.SEEK],
        "can_edit": user.has_perm("matchmaking.edit_capabilities", organisation),
        "matches": with_reason_texts(matches),
        "offer_titles": {r.pk: r.title for r in resources},
    }


@register.simple_tag(takes_context=True)
def my_projects_for_you(context, memberships=None):
    """On My Helix: for each of the person's organisations, the best projects for it (from
    `memberships` with their organisations when the page has read them already), each
    organisation's section kept in the cache (`for_you`)."""
    if memberships is None:
        memberships = context["user"].memberships.select_related("organisation")
    return for_you.sections_for([m.organisation for m in memberships])


@register.inclusion_tag("matchmaking/includes/my_approaches.html", takes_context=True)
def my_approaches(context, found=None):
    """On My Helix: what waits for the person's answer, and what their organisations sent
    (`found`: the person's `selectors.inbox` when the page has read it already)."""
    if found is None:
        found = selectors.inbox(context["user"])
    return {"waiting": found["waiting"][:SHORT_LIST], "others": found["others"][:SHORT_LIST]}


@register.inclusion_tag("matchmaking/includes/commitments.html")
def project_commitments(project):
    """A project's resources committed (accepted pledges), by sector, beside its supports."""
    commitments = selectors.commitments_of(project)
    has_any = commitments is not None and commitments.committed_count
    return {
        "commitments": commitments,
        "pledges": list(selectors.committed_pledges(project)) if has_any else [],
    }


@register.filter
def approach_of(states, match):
    """The newest invitation or interest of a match's pair (from `approach_states`)."""
    return states.get((match.project_id, match.organisation_id)) if states else None


@register.filter
def offer_titles(reasons, titles):
    """The titles of the organisation's offers that a match's project needs."""
    for reason in reasons:
        if reason.get("code") == "offers":
            return [titles[i] for i in reason.get("offer_ids", []) if i in titles]
    return []
