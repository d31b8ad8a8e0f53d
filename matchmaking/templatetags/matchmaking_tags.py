"""Matchmaking's parts of pages it does not own: the project page, the organisation page and My
Helix include them (`{% load matchmaking_tags %}`), each in a constant number of queries."""

from django import template

from .. import selectors
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
    return {
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
    return {
        "organisation": organisation,
        "sectors": profile.sectors_sought if profile else [],
        "offers": [r for r in resources if r.direction == Resource.Direction.OFFER],
        "seeks": [r for r in resources if r.direction == Resource.Direction.SEEK],
        "can_edit": user.has_perm("matchmaking.edit_capabilities", organisation),
        "matches": with_reason_texts(matches),
        "offer_titles": {r.pk: r.title for r in resources},
    }


@register.inclusion_tag("matchmaking/includes/my_projects.html", takes_context=True)
def my_projects_for_you(context):
    """On My Helix: for each of the person's organisations, the best projects for it."""
    user = context["user"]
    organisations = [m.organisation for m in user.memberships.select_related("organisation")]
    matches = selectors.matches_for_organisations(organisations, per_organisation=SHORT_LIST)
    return {"groups": [(o, with_reason_texts(matches.get(o.pk, []))) for o in organisations]}


@register.filter
def offer_titles(reasons, titles):
    """The titles of the organisation's offers that a match's project needs."""
    for reason in reasons:
        if reason.get("code") == "offers":
            return [titles[i] for i in reason.get("offer_ids", []) if i in titles]
    return []
