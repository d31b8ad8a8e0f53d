"""Projects over HTTP: the list, one project, its creation, edits, moves, supports and follows.

Reads use the same querysets as the site (`visible_to(user).with_listing_data()`), so others'
drafts are 404 and lists cost a constant number of queries. Every write calls a function of
`projects/services.py`, which checks the rule of `projects/permissions.py`: PermissionDenied
becomes 403, ValidationError 400 (api/exceptions.py). The OpenAPI text is in `../schema.py`.
"""

import functools
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import DateField, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.conditional import ConditionalRetrieveMixin
from api.idempotency import IdempotentPostMixin
from projects import selectors, services
from projects.filters import ProjectFilter
from projects.models import Project
from projects.representations import PROJECT_ROW_FIELDS

from .. import schema
from ..serializers import (
    ProjectCreateSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
    TransitionSerializer,
)
from .common import SLUG, project_for


class ProjectApiFilter(ProjectFilter):
    """The site's filters (q, theme, district, status, seeks); `ordering` replaces `sort`."""

    class Meta(ProjectFilter.Meta):
        fields = [name for name in ProjectFilter.Meta.fields if name != "sort"]


ProjectApiFilter.base_filters.pop("sort")


def visible_projects(user):
    """The projects the caller may see, with what a row shows and the caller's marks."""
    return Project.objects.visible_to(user).with_listing_data().with_caller_marks(user)


@functools.cache
def public_project_rows():
    """The rows every visitor's list starts from, resolved once per process: resolving the
    columns and the tags' subquery again on each request costs more than running the query."""
    projects = selectors.with_tag_names(visible_projects(AnonymousUser()))
    return projects.values(*PROJECT_ROW_FIELDS, "tag_names")


@schema.PROJECT
class ProjectViewSet(
    IdempotentPostMixin,
    ConditionalRetrieveMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = ProjectSerializer
    filterset_class = ProjectApiFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    # Never null: drafts sort by creation, projects without a deadline last.
    orderings = {
        "published_at": Coalesce("published_at", "created"),
        "support_count": "support_count",
        "deadline": Coalesce("deadline", Value(date.max), output_field=DateField()),
        "title": "title",
    }
    default_ordering = "-published_at"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema: no database to ask
            return Project.objects.none()
        return selectors.with_tag_names(visible_projects(self.request.user))

    def list(self, request, *args, **kwargs):
        """A page read as rows of the columns shown, not as model instances (half the cost)."""
        if request.user.is_authenticated:
            columns = [*PROJECT_ROW_FIELDS, "tag_names", "api_supported", "api_following"]
            projects = self.get_queryset().values(*columns)
        else:
            projects = public_project_rows().all()
        rows = self.paginate_queryset(self.filter_queryset(projects))
        serializer = self.get_serializer()
        return self.get_paginated_response([serializer.row_representation(r) for r in rows])

    def _read(self, project: Project, status_code=status.HTTP_200_OK) -> Response:
        project = self.get_queryset().get(pk=project.pk)
        return Response(self.get_serializer(project).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = ProjectCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        project = services.project_create(by=request.user, **serializer.service_fields())
        return self._read(project, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        project = self.get_object()
        serializer = ProjectUpdateSerializer(
            project, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        services.project_update(project=project, by=request.user, **serializer.service_fields())
        return self._read(project)

    def update(self, request, *args, **kwargs):  # PUT is not offered: PATCH edits
        return self.http_method_not_allowed(request, *args, **kwargs)

    @schema.PROJECT_TRANSITION
    @action(detail=True, methods=["post"])
    def transition(self, request, slug=None):
        project = project_for(request, slug)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.project_transition(
            project=project, to=serializer.validated_data["to"], by=request.user
        )
        return self._read(project)

    @schema.PROJECT_SUPPORT
    @action(detail=True, methods=["post", "delete"])
    def support(self, request, slug=None):
        visible = Project.objects.visible_to(request.user)
        if request.method == "DELETE":
            project = get_object_or_404(visible.only("pk"), slug=slug)  # withdrawing needs no more
            services.vote_withdraw(subject=project, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        # Read once (tags included), and answered without reading it again: a support changes
        # nothing shown but the counters, which vote_cast leaves on the project, and
        # `supported_by_me`, true once it returns.
        project = get_object_or_404(self.get_queryset(), slug=slug)
        services.vote_cast(subject=project, by=request.user)
        project.api_supported = True
        return Response(self.get_serializer(project).data)

    @schema.PROJECT_FOLLOW
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, slug=None):
        project = project_for(request, slug)
        if request.method == "DELETE":
            services.unfollow(project=project, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        services.follow(project=project, by=request.user)
        return self._read(project)
