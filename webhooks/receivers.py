"""Turn the projects app's domain events into webhook deliveries.

Who hears what: an organisation's endpoints receive the events about its own projects (the
project's moves, and solutions and comments on it and on its solutions), and about the
solutions it leads or has accepted to partner in (their moves and comments). Drafts never
leave Helix: a project's creation, and anything about a project that was never published,
send nothing.

The signals are sent inside the service's transaction, so the deliveries written here commit
or roll back with the change (the delivery table is the outbox); they are queued for sending
once it commits.
"""

from functools import partial

from projects.models import Project

from . import payloads, services
from .models import Event


def _published(project: Project) -> bool:
    return project.status != Project.Status.DRAFT and project.published_at is not None


def on_project_status_changed(sender, *, project: Project, previous: str, by, **kwargs) -> None:
    if not _published(project):
        return
    if previous in ("", Project.Status.DRAFT):
        event, build = Event.PROJECT_PUBLISHED, partial(payloads.project_data, project.pk)
    else:
        event = Event.PROJECT_STATUS_CHANGED
        build = partial(payloads.project_data, project.pk, previous=previous)
    services.webhook_event_record(
        event_type=event, organisation_ids={project.organisation_id}, build_data=build
    )


def on_solution_submitted(sender, *, solution, by, **kwargs) -> None:
    if not _published(solution.project):
        return
    services.webhook_event_record(
        event_type=Event.SOLUTION_SUBMITTED,
        organisation_ids=payloads.solution_organisations(solution),
        build_data=partial(payloads.solution_data, solution.pk),
    )


def on_solution_status_changed(sender, *, solution, previous: str, by, **kwargs) -> None:
    if not _published(solution.project):
        return
    services.webhook_event_record(
        event_type=Event.SOLUTION_STATUS_CHANGED,
        organisation_ids=payloads.solution_organisations(solution),
        build_data=partial(payloads.solution_data, solution.pk, previous=previous),
    )


def on_comment_created(sender, *, comment, by, **kwargs) -> None:
    if comment.solution_id is not None:
        project = comment.solution.project
        organisations = payloads.solution_organisations(comment.solution)
    else:
        project = comment.project
        organisations = {project.organisation_id}
    if not _published(project):
        return
    services.webhook_event_record(
        event_type=Event.COMMENT_CREATED,
        organisation_ids=organisations,
        build_data=partial(payloads.comment_data, comment.pk),
    )


def on_organisation_verified(sender, *, organisation, by, **kwargs) -> None:
    """Verified again: what waited while it was not is sent now (see `webhook_resume`)."""
    services.webhook_resume(organisation=organisation)


def on_approach_sent(sender, *, approach, by, **kwargs) -> None:
    """An invitation to propose, or an interest: both sides' endpoints hear of it."""
    event = (
        Event.MATCH_INVITATION_SENT if approach.is_invitation else Event.MATCH_INTEREST_EXPRESSED
    )
    services.webhook_event_record(
        event_type=event,
        organisation_ids=payloads.approach_organisations(approach),
        build_data=partial(payloads.approach_data, approach.pk),
    )


def on_approach_answered(sender, *, approach, by, **kwargs) -> None:
    services.webhook_event_record(
        event_type=Event.MATCH_ANSWERED,
        organisation_ids=payloads.approach_organisations(approach),
        build_data=partial(payloads.approach_data, approach.pk),
    )


def on_offer_pledged(sender, *, approach, by, **kwargs) -> None:
    services.webhook_event_record(
        event_type=Event.OFFER_PLEDGED,
        organisation_ids=payloads.approach_organisations(approach),
        build_data=partial(payloads.approach_data, approach.pk),
    )


def on_milestone_changed(sender, *, milestone, created: bool, by, **kwargs) -> None:
    project = milestone.project
    if not _published(project):
        return
    services.webhook_event_record(
        event_type=Event.MILESTONE_CHANGED,
        organisation_ids=payloads.delivery_organisations(project),
        build_data=partial(payloads.milestone_data, milestone.pk, created=created),
    )


def on_update_posted(sender, *, update, by, **kwargs) -> None:
    project = update.project
    if not _published(project):
        return
    services.webhook_event_record(
        event_type=Event.UPDATE_POSTED,
        organisation_ids=payloads.delivery_organisations(project),
        build_data=partial(payloads.update_data, update.pk),
    )


def on_reviews_completed(sender, *, rubric, by, **kwargs) -> None:
    """The project's own organisation only: the reviews are the team's business."""
    if not _published(rubric.project):
        return
    services.webhook_event_record(
        event_type=Event.EVALUATION_COMPLETED,
        organisation_ids={rubric.project.organisation_id},
        build_data=partial(payloads.evaluation_data, rubric.pk),
    )
