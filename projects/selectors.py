"""Reads that span models: project lists, threads, who supports what."""

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    Expression,
    F,
    Func,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Concat
from taggit.models import TaggedItem

from core.cache import current_token
from core.folding import Fold

from .models import (
    Comment,
    ConsortiumPartner,
    Follow,
    Project,
    Report,
    Solution,
    Vote,
)


class _SearchDocument(Expression):
    """The `search_vector` column of migrations 0006 and 0008 (PostgreSQL only): a stored tsvector
    of the title, summary and description, folded (`core.folding.Fold`), with a GIN index. Not a
    model field, so that no other read loads it."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.search_vector", []


class _Unaccent(Func):
    """The query's words through the same `helix_unaccent` as the stored document (the `simple`
    configuration lowercases both)."""

    function = "helix_unaccent"
    output_field = TextField()


def search_projects(queryset: QuerySet[Project], words: str) -> QuerySet[Project]:
    """Search whatever the diacritics on either side ("ngap lut" finds "ngập lụt"): full-text
    search of the stored document on PostgreSQL; on SQLite every word a substring of the folded
    title, summary and description (`core.folding`)."""
    words = words.strip()
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.alias(search=_SearchDocument()).filter(
            search=SearchQuery(_Unaccent(Value(words)), config="simple", search_type="websearch")
        )
    document = Fold(
        Concat("title", Value(" "), "summary", Value(" "), "description", output_field=TextField())
    )
    matches = Q()
    for word in words.split():
        matches &= Q(search_folded__contains=Fold(Value(word)))
    return queryset.alias(search_folded=document).filter(matches)


def _tagged_items():
    return TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Project))


class _JSONArraySubquery(Subquery):
    """The values of a one-column subquery as a JSON array (SQLite's json_group_array)."""

    template = "(SELECT json_group_array(value) FROM (%(subquery)s))"
    output_field = JSONField()


def with_tag_names(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Annotate `tag_names` (unsorted): each project's tags, read by the list's own query.

    A correlated subquery on taggit's (content type, object id) index; a second query for the
    page's tags would cost more to build than to run. `attach_tag_names` then only sorts them.
    """
    names = _tagged_items().filter(object_id=OuterRef("pk"))
    if connection.vendor == "postgresql":
        return projects.annotate(tag_names=ArraySubquery(names.values("tag__name")))
    return projects.annotate(tag_names=_JSONArraySubquery(names.values(value=F("tag__name"))))


# Counts of the public list, keyed on the filters and valid while this token stays the same.
COUNTS_TOKEN_KEY = "projects:public-counts-token"
# A bound on staleness, should the table change outside Django (a restore, raw SQL) or a token's
# change be lost with its process in a cache outage (core/cache.py deletes the others' keys).
COUNT_TIMEOUT = 10 * 60


def public_project_count(queryset: QuerySet[Project], *, filters: dict[str, str]) -> int:
    """`queryset.count()`, for a list of public projects narrowed by `filters` only (what a
    signed-out visitor sees). Cached until a project is saved or deleted: on a large table the
    COUNT reads every row, and most visitors ask for the same few filters."""
    digest = hashlib.md5(repr(sorted(filters.items())).encode(), usedforsecurity=False)
    key = f"projects:public-count:{digest.hexdigest()}"
    # The token is read before counting: a change committed after the count replaces it.
    found = cache.get_many([COUNTS_TOKEN_KEY, key])
    token = current_token(COUNTS_TOKEN_KEY, found)
    stored = found.get(key)
    if stored is not None and stored[0] == token:
        return stored[1]
    count = queryset.count()
    cache.set(key, (token, count), COUNT_TIMEOUT)
    return count


def forget_public_counts(**kwargs) -> None:
    """Receives Project's post_save and post_delete: at once, for the rest of the transaction,
    and again on commit, for the counts others made in between without the change."""

    def forget() -> None:
        cache.set(COUNTS_TOKEN_KEY, uuid.uuid4().hex, None)

    forget()
    transaction.on_commit(forget)


def attach_tag_names(projects: Sequence[Project]) -> Sequence[Project]:
    """Set `tag_names` (sorted) on each project, with one query (none if `with_tag_names` read
    them already).

    taggit's `prefetch_related("tags")` builds a queryset per row to fill its cache, which on a
    page of 24 costs more than the page's own query; lists that show tags call this instead.
    """
    names: dict[int, list[str]] = defaultdict(list)
    unread = [project.pk for project in projects if not hasattr(project, "tag_names")]
    if unread:
        rows = _tagged_items().filter(object_id__in=unread).values_list("object_id", "tag__name")
        for object_id, name in rows:
            names[object_id].append(name)
    for project in projects:
        project.tag_names = sorted(getattr(project, "tag_names", None) or names[project.pk])
    return projects


def project_for_page(queryset: QuerySet[Project], slug: str) -> Project:
    """The project with its organisation (its tags and history are read by the parts of the
    page kept in the cache, only when they are built)."""
    return queryset.select_related("organisation").get(slug=slug)


def solutions_for_page(project: Project) -> QuerySet[Solution]:
    return project.solutions.with_listing_data().exclude(status=Solution.Status.WITHDRAWN)


def comment_with_subject(user, pk: int) -> Comment:
    """A comment the user may see (`visible_to`), with its subject, the subject's project and
    organisation read in the same query (the rules ask for them); DoesNotExist otherwise."""
    return (
        Comment.objects.visible_to(user)
        .select_related("author", "project__organisation", "solution__project__organisation")
        .get(pk=pk)
    )


# What a comment thread shows, read as tuples (no model per row): the kept thread is keyed on
# them (projects/threads.py), and only a thread missing from the cache builds comments from them.
THREAD_FIELDS = (
    "pk",
    "parent_id",
    "author_id",
    "created",
    "modified",
    "edited_at",
    "deleted_at",
    "hidden_at",
    "hidden_reason",
    "body",
    "body_html",
    "author__display_name",
    "author__is_active",
)


def comment_rows(subject: Project | Solution) -> list[tuple]:
    """All comments of a project or a solution, oldest first, as `THREAD_FIELDS` rows."""
    on = {"project": subject} if isinstance(subject, Project) else {"solution": subject}
    return list(Comment.objects.filter(**on).order_by("created", "pk").values_list(*THREAD_FIELDS))


def supported_ids(user, *, projects=(), solutions=()) -> tuple[set[int], set[int]]:
    """Which of these projects and solutions the user supports: two queries at most."""
    if not user.is_authenticated:
        return set(), set()
    votes = Vote.objects.filter(user=user)
    project_ids = (
        set(votes.filter(project__in=projects).values_list("project_id", flat=True))
        if projects
        else set()
    )
    solution_ids = (
        set(votes.filter(solution__in=solutions).values_list("solution_id", flat=True))
        if solutions
        else set()
    )
    return project_ids, solution_ids


def is_following(user, project: Project) -> bool:
    return user.is_authenticated and Follow.objects.filter(user=user, project=project).exists()


def partnerships_for(user) -> QuerySet[ConsortiumPartner]:
    """Consortium invitations addressed to the organisations the user manages, answered or not."""
    from organisations.models import MANAGING_ROLES, Organisation

    managed = Organisation.objects.filter(
        memberships__user=user, memberships__role__in=MANAGING_ROLES
    ).values("pk")
    return ConsortiumPartner.objects.filter(organisation__in=managed).select_related(
        "solution__project", "solution__lead_organisation", "solution__lead_user", "organisation"
    )


def pending_partnerships_for(user) -> QuerySet[ConsortiumPartner]:
    """Consortium invitations waiting for an answer from an organisation the user manages."""
    return partnerships_for(user).filter(status=ConsortiumPartner.Status.INVITED)


def open_report(*, reporter, subject: Comment | Solution) -> Report | None:
    """The reporter's report on this comment or solution that staff have not resolved yet."""
    target = {"comment": subject} if isinstance(subject, Comment) else {"solution": subject}
    return Report.objects.filter(reporter=reporter, status=Report.Status.OPEN, **target).first()
