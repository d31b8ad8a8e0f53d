"""The domain's signals, answered by a refresh of the project's tallies once the change
commits."""

from django.db import transaction
from django.db.models import Q

from projects.models import Project

from . import tallies, tasks


def _refresh(project_id: int) -> None:
    transaction.on_commit(lambda: tasks.queue(tasks.refresh_project, project_id))


def project_changed(sender, *, project, **kwargs) -> None:
    _refresh(project.pk)


def solution_changed(sender, *, solution, **kwargs) -> None:
    _refresh(solution.project_id)


def partner_changed(sender, *, partner, **kwargs) -> None:
    _refresh(partner.solution.project_id)


def support_changed(sender, *, vote=None, subject=None, **kwargs) -> None:
    subject = subject if vote is None else (vote.project or vote.solution)
    _refresh(subject.pk if isinstance(subject, Project) else subject.project_id)


def offer_pledged(sender, *, approach, **kwargs) -> None:
    """A committed offer brings its organisation's sector to the project."""
    _refresh(approach.project_id)


def organisation_changed(sender, *, organisation, **kwargs) -> None:
    """Its sector may have changed: every project it owns, leads or partners in."""
    ids = list(
        Project.objects.filter(
            Q(organisation=organisation)
            | Q(solutions__lead_organisation=organisation)
            | Q(solutions__partners__organisation=organisation)
        )
        .exclude(status=Project.Status.DRAFT)
        .values_list("pk", flat=True)
        .distinct()
    )
    if ids:
        transaction.on_commit(lambda: tasks.queue(tasks.refresh_projects, ids))


def project_deleted(sender, *, instance, **kwargs) -> None:
    tallies.forget_project(instance.pk)
