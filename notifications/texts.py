"""What a notification says, in the active language (where it leads: `get_absolute_url`).

Computed when shown (page, API, email), not stored: titles and labels follow later edits and
the reader's language. Uses only rows `NotificationQuerySet.for_listing()` has loaded.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organisations.models import Role
from projects.models import ConsortiumPartner, Project, Solution

from .models import Event, Kind, Notification

Type = Event.Type


def _label(choices, value: str) -> str:
    return choices(value).label if value in choices.values else value


def describe(notification: Notification) -> str:
    event = notification.event
    context = event.context
    actor = event.actor.public_name if event.actor else _("Someone")
    project = event.project.title if event.project else ""
    solution = event.solution.title if event.solution else ""
    organisation = event.organisation.name if event.organisation else ""
    subject = solution or project
    match event.type:
        case Type.SOLUTION_SUBMITTED:
            return _("%(actor)s proposed the solution “%(solution)s” to “%(project)s”.") % {
                "actor": actor,
                "solution": solution,
                "project": project,
            }
        case Type.COMMENT_CREATED if notification.kind == Kind.REPLY:
            return _("%(actor)s replied to your comment on “%(subject)s”.") % {
                "actor": actor,
                "subject": subject,
            }
        case Type.COMMENT_CREATED:
            return _("%(actor)s commented on “%(subject)s”.") % {"actor": actor, "subject": subject}
        case Type.PROJECT_STATUS_CHANGED:
            return _("The project “%(project)s” is now “%(status)s”.") % {
                "project": project,
                "status": _label(Project.Status, context.get("status", "")),
            }
        case Type.SOLUTION_STATUS_CHANGED:
            return _("The solution “%(solution)s” is now “%(status)s”.") % {
                "solution": solution,
                "status": _label(Solution.Status, context.get("status", "")),
            }
        case Type.PARTNER_INVITED:
            return _(
                "%(organisation)s is invited to join the solution “%(solution)s” for “%(project)s”."
            ) % {"organisation": organisation, "solution": solution, "project": project}
        case Type.PARTNER_ANSWERED if context.get("status") == ConsortiumPartner.Status.ACCEPTED:
            return _("%(organisation)s accepted to join the solution “%(solution)s”.") % {
                "organisation": organisation,
                "solution": solution,
            }
        case Type.PARTNER_ANSWERED:
            return _("%(organisation)s declined to join the solution “%(solution)s”.") % {
                "organisation": organisation,
                "solution": solution,
            }
        case Type.ORGANISATION_VERIFIED:
            return _(
                "%(organisation)s is now verified: it can publish projects and lead solutions."
            ) % {"organisation": organisation}
        case Type.INVITATION_CREATED:
            return _("%(organisation)s invites you to join as %(role)s.") % {
                "organisation": organisation,
                "role": _label(Role, context.get("role", "")),
            }
        case Type.INVITATION_ACCEPTED:
            return _("%(actor)s accepted your invitation to join %(organisation)s.") % {
                "actor": actor,
                "organisation": organisation,
            }
        case Type.MEMBERSHIP_REQUESTED:
            return _("%(actor)s asks to join %(organisation)s.") % {
                "actor": actor,
                "organisation": organisation,
            }
        case Type.MEMBERSHIP_APPROVED:
            return _("Your request to join %(organisation)s has been approved.") % {
                "organisation": organisation
            }
        case Type.NEW_MATCH:
            return _(
                "A new project matches %(organisation)s strongly: “%(project)s”. See what it "
                "needs and why you could help."
            ) % {"organisation": organisation, "project": project}
        case Type.APPROACH_SENT if context.get("kind") == "invitation":
            return _(
                "%(actor)s invites %(organisation)s to propose a solution to “%(project)s”."
            ) % {
                "actor": actor,
                "organisation": organisation,
                "project": project,
            }
        case Type.APPROACH_SENT if context.get("pledge"):
            return _(
                "%(organisation)s is interested in “%(project)s” and pledges “%(pledge)s”."
            ) % {"organisation": organisation, "project": project, "pledge": context["pledge"]}
        case Type.APPROACH_SENT:
            return _("%(organisation)s is interested in “%(project)s”.") % {
                "organisation": organisation,
                "project": project,
            }
        case Type.APPROACH_ANSWERED:
            return _approach_answer(context, organisation, project)
        case Type.SUPPORT_MILESTONE:
            count = context.get("milestone", 0)
            return ngettext(
                "“%(subject)s” has reached %(count)s support.",
                "“%(subject)s” has reached %(count)s supports.",
                count,
            ) % {"subject": subject, "count": count}
        case Type.REVIEWER_ASSIGNED:
            count = context.get("count", 0)
            return ngettext(
                "%(actor)s asks you to review %(count)s solution for “%(project)s”.",
                "%(actor)s asks you to review %(count)s solutions for “%(project)s”.",
                count,
            ) % {"actor": actor, "count": count, "project": project}
        case Type.REVIEWER_REMINDED:
            return _(
                "Reviews for “%(project)s” close in two days: some solutions wait for you."
            ) % {"project": project}
        case Type.PROJECT_UPDATE_POSTED:
            return _("News of “%(project)s”: %(title)s") % {
                "project": project,
                "title": context.get("title", ""),
            }
        case Type.REVIEWS_COMPLETED:
            return _("Every review for “%(project)s” is in: the ranking is ready.") % {
                "project": project
            }
    return event.get_type_display()


def _approach_answer(context: dict, organisation: str, project: str) -> str:
    accepted = context.get("status") == "accepted"
    values = {"organisation": organisation, "project": project}
    if context.get("kind") == "invitation":
        if accepted:
            return (
                _("%(organisation)s accepted the invitation to propose to “%(project)s”.") % values
            )
        return _("%(organisation)s declined the invitation to propose to “%(project)s”.") % values
    if accepted:
        return _("“%(project)s” accepted the interest of %(organisation)s.") % values
    return _("“%(project)s” declined the interest of %(organisation)s.") % values


def topic(notification: Notification) -> str:
    """What the notification is about, to group a digest: a project or an organisation."""
    event = notification.event
    if event.project:
        return event.project.title
    return event.organisation.name if event.organisation else ""


def subject(notification: Notification) -> str:
    """The name of what the notification leads to (`get_absolute_url`): its link's text."""
    event = notification.event
    if event.solution:
        return event.solution.title
    if event.project:
        return event.project.title
    return event.organisation.name if event.organisation else ""
