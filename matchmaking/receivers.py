"""The domain's signals (and matchmaking's own), answered by a refresh of the matches once the
change commits."""

from django.db import transaction

from . import tasks


def project_changed(sender, *, project=None, project_id=None, **kwargs) -> None:
    """Published, edited, moved (closed, archived...), or its needs changed."""
    pk = project_id if project is None else project.pk
    transaction.on_commit(lambda: tasks.queue(tasks.refresh_project, pk))


def organisation_changed(sender, *, organisation=None, organisation_id=None, **kwargs) -> None:
    """Verified or no longer, its profile or expertise edited, or its capabilities changed."""
    pk = organisation_id if organisation is None else organisation.pk
    transaction.on_commit(lambda: tasks.queue(tasks.refresh_organisation, pk))
