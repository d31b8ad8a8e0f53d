"""What replaces the tokens of the visitors' project pages (`projects.page_cache`).

Here because the page shows rows of every app above projects. A row that belongs to one
project (directly or through its solution) replaces that project's token when it is saved or
deleted; a row that many pages show (an organisation, a person, an offer, a tag) replaces the
shared token. Supports are written in raw SQL, so their domain signals are listened to instead;
the bulk writes of matches and insights call `projects.page_cache` themselves. Matches and
insights are never listened to on delete: a delete receiver makes Django fetch and signal each
row of a bulk delete (the nightly refresh and rebuild delete every one).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag, TaggedItem

from core.images import thumbnail_written
from evaluation.models import (
    Attachment,
    CostBreakdown,
    Milestone,
    ProjectResults,
    ProjectUpdate,
    Rationale,
    Rubric,
)
from insights.models import ProjectInsight
from matchmaking.models import Approach, ProjectCommitments, ProjectNeed, Resource
from organisations import signals as organisation_signals
from organisations.models import Organisation
from projects import signals as project_signals
from projects.models import (
    Comment,
    ConsortiumPartner,
    Follow,
    Project,
    Solution,
    StatusChange,
    Vote,
)
from projects.page_cache import forget_project_page, forget_project_pages

from .home import UNSHOWN_USER_FIELDS

# Rows shown on their project's page, found through `project_id` or `solution_id`.
PROJECT_ROWS = (
    Solution,
    StatusChange,
    ConsortiumPartner,
    Comment,
    Vote,
    Follow,
    ProjectNeed,
    Approach,
    ProjectCommitments,
    Rubric,
    Rationale,
    Attachment,
    CostBreakdown,
    Milestone,
    ProjectUpdate,
    ProjectResults,
)
# Rows that many pages show.
SHARED_ROWS = (Organisation, Resource, Tag)


def project_id_of(row) -> int | None:
    """The project a row belongs to: its own, or its solution's."""
    if isinstance(row, Project):
        return row.pk
    if getattr(row, "project_id", None):
        return row.project_id
    solution_id = getattr(row, "solution_id", None)
    if not solution_id:
        return None
    solution = row._state.fields_cache.get("solution")
    if solution is not None:
        return solution.project_id
    return Solution.objects.filter(pk=solution_id).values_list("project_id", flat=True).first()


def _row_changed(*, instance, **kwargs) -> None:
    forget_project_page(project_id_of(instance))


def _tagged(*, instance, **kwargs) -> None:
    if instance.content_type.model_class() is Project:
        forget_project_page(instance.object_id)
    else:  # an organisation's expertise
        forget_project_pages()


def _user_saved(*, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= UNSHOWN_USER_FIELDS:
        return
    forget_project_pages()


def _support_cast(*, vote, **kwargs) -> None:
    forget_project_page(project_id_of(vote))


def _support_withdrawn(*, subject, **kwargs) -> None:
    forget_project_page(subject.pk if isinstance(subject, Project) else subject.project_id)


def _thumbnail(*, sender, pk, **kwargs) -> None:
    if sender is Project:
        forget_project_page(pk)
    else:  # a logo
        forget_project_pages()


def connect() -> None:
    def on_change(model, receiver, name: str) -> None:
        post_save.connect(receiver, sender=model, dispatch_uid=f"project_page_{name}_save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"project_page_{name}_delete")

    on_change(Project, _row_changed, "Project")
    for model in PROJECT_ROWS:
        on_change(model, _row_changed, model.__name__)
    for model in SHARED_ROWS:
        on_change(model, forget_project_pages, model.__name__)
    on_change(TaggedItem, _tagged, "TaggedItem")
    # Refreshed one project at a time with save(); rebuilt in bulk (page_cache called there).
    post_save.connect(_row_changed, sender=ProjectInsight, dispatch_uid="project_page_insight")
    user = get_user_model()
    post_save.connect(_user_saved, sender=user, dispatch_uid="project_page_user_save")
    post_delete.connect(forget_project_pages, sender=user, dispatch_uid="project_page_user_delete")
    project_signals.support_cast.connect(_support_cast, dispatch_uid="project_page_support")
    project_signals.support_withdrawn.connect(
        _support_withdrawn, dispatch_uid="project_page_unsupport"
    )
    # Verification is written with update(): no post_save.
    organisation_signals.organisation_verified.connect(
        forget_project_pages, dispatch_uid="project_page_verified"
    )
    organisation_signals.organisation_unverified.connect(
        forget_project_pages, dispatch_uid="project_page_unverified"
    )
    thumbnail_written.connect(_thumbnail, dispatch_uid="project_page_thumbnail")
