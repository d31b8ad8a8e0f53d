"""Projects, solutions, comments, supports and follows over HTTP.

Reads use the same querysets as the site (`visible_to(user).with_listing_data()`), so others'
drafts are 404 and lists cost a constant number of queries. Every write calls a function of
`projects/services.py`, which checks the rule of `projects/permissions.py`: PermissionDenied
becomes 403, ValidationError 400 (api/exceptions.py).
"""

from datetime import date

from django.db.models import DateField, Exists, OuterRef, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.conditional import ConditionalRetrieveMixin
from api.idempotency import IdempotentPostMixin
from projects import services
from projects.filters import ProjectFilter
from projects.models import Comment, Follow, Project, Solution, Vote

from .serializers import (
    CommentCreateSerializer,
    CommentSerializer,
    ProjectCreateSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
    SolutionProposeSerializer,
    SolutionSerializer,
    TransitionSerializer,
)

SLUG = "[-a-zA-Z0-9_]+"
ID = "[0-9]{1,18}"


class ProjectApiFilter(ProjectFilter):
    """The site's filters (q, theme, district, status, seeks); `ordering` replaces `sort`."""

    class Meta(ProjectFilter.Meta):
        fields = [name for name in ProjectFilter.Meta.fields if name != "sort"]


ProjectApiFilter.base_filters.pop("sort")


def _supported(user, **subject):
    return Exists(Vote.objects.filter(user=user, **subject))


def visible_projects(user):
    projects = Project.objects.visible_to(user).with_listing_data()
    if user.is_authenticated:
        projects = projects.annotate(
            api_supported=_supported(user, project=OuterRef("pk")),
            api_following=Exists(Follow.objects.filter(user=user, project=OuterRef("pk"))),
        )
    return projects


def visible_solutions(user):
    solutions = (
        Solution.objects.with_listing_data()
        .select_related("project__organisation")
        .filter(project__in=Project.objects.visible_to(user).values("pk"))
    )
    if user.is_authenticated:
        solutions = solutions.annotate(api_supported=_supported(user, solution=OuterRef("pk")))
    return solutions


def _project_for(request, slug: str) -> Project:
    return get_object_or_404(
        Project.objects.visible_to(request.user).select_related("organisation"), slug=slug
    )


SUPPORT_DOC = {
    "post": "Support it (once per person; again changes nothing). Refused (403) on drafts, "
    "archived projects and withdrawn solutions.",
    "delete": "Withdraw the caller's support, if any.",
}


@extend_schema_view(
    list=extend_schema(
        summary="List projects",
        description="Published projects for everyone; drafts too for the members of their "
        "organisation and for government staff. Filters as on the site.",
    ),
    retrieve=extend_schema(summary="One project"),
    create=extend_schema(
        summary="Create a draft project",
        description="For an organisation the caller belongs to. It starts as a draft; "
        "publish it with the transition to `open` (the organisation must be verified).",
        request=ProjectCreateSerializer,
        responses={201: ProjectSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit a project",
        description="Owners and managers of its organisation (and the author of a draft).",
        request=ProjectUpdateSerializer,
        responses={200: ProjectSerializer},
    ),
)
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
        return visible_projects(self.request.user)

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

    @extend_schema(
        summary="Move a project along its lifecycle",
        description="Publishing a draft (to `open`) is for any member of a verified "
        "organisation; every other move for its owners and managers, and government staff.",
        request=TransitionSerializer,
        responses={200: ProjectSerializer},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, slug=None):
        project = _project_for(request, slug)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.project_transition(
            project=project, to=serializer.validated_data["to"], by=request.user
        )
        return self._read(project)

    @extend_schema(
        methods=["post"],
        summary="Support a project",
        description=SUPPORT_DOC["post"],
        request=None,
        responses={200: ProjectSerializer},
    )
    @extend_schema(
        methods=["delete"],
        summary="Withdraw one's support for a project",
        description=SUPPORT_DOC["delete"],
        request=None,
        responses={204: None},
    )
    @action(detail=True, methods=["post", "delete"])
    def support(self, request, slug=None):
        project = _project_for(request, slug)
        if request.method == "DELETE":
            services.vote_withdraw(subject=project, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        services.vote_cast(subject=project, by=request.user)
        return self._read(project)

    @extend_schema(
        methods=["post"],
        summary="Follow a project",
        description="Be told what happens to it. Published projects only.",
        request=None,
        responses={200: ProjectSerializer},
    )
    @extend_schema(
        methods=["delete"],
        summary="Stop following a project",
        request=None,
        responses={204: None},
    )
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, slug=None):
        project = _project_for(request, slug)
        if request.method == "DELETE":
            services.unfollow(project=project, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        services.follow(project=project, by=request.user)
        return self._read(project)


PROJECT_SLUG = OpenApiParameter(
    "project_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The project's slug."
)
SOLUTION_ID = OpenApiParameter(
    "solution_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The solution's id."
)


@extend_schema_view(
    list=extend_schema(
        summary="A project's solutions",
        description="Every solution except withdrawn ones, as on the project's page.",
        parameters=[PROJECT_SLUG],
    ),
    create=extend_schema(
        summary="Propose a solution",
        description="While the project is open and until the end of its deadline day. Alone "
        "or for an organisation the caller belongs to; partners are invited and appear once "
        "they accept.",
        parameters=[PROJECT_SLUG],
        request=SolutionProposeSerializer,
        responses={201: SolutionSerializer},
    ),
)
class ProjectSolutionViewSet(
    IdempotentPostMixin, mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    serializer_class = SolutionSerializer
    orderings = {"created": "created", "support_count": "support_count"}
    default_ordering = "-created"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Solution.objects.none()
        return (
            visible_solutions(self.request.user)
            .filter(project__slug=self.kwargs["project_slug"])
            .exclude(status=Solution.Status.WITHDRAWN)
        )

    def list(self, request, *args, **kwargs):
        _project_for(request, kwargs["project_slug"])  # 404 when it is not visible
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        project = _project_for(request, kwargs["project_slug"])
        serializer = SolutionProposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        solution = services.solution_propose(
            project=project, by=request.user, **serializer.service_fields()
        )
        solution = visible_solutions(request.user).get(pk=solution.pk)
        return Response(self.get_serializer(solution).data, status=status.HTTP_201_CREATED)


@extend_schema_view(retrieve=extend_schema(summary="One solution, with its consortium"))
class SolutionViewSet(
    IdempotentPostMixin,
    ConditionalRetrieveMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SolutionSerializer
    lookup_value_regex = ID

    def get_queryset(self):
        return visible_solutions(self.request.user)

    @extend_schema(
        methods=["post"],
        summary="Support a solution",
        description=SUPPORT_DOC["post"],
        request=None,
        responses={200: SolutionSerializer},
    )
    @extend_schema(
        methods=["delete"],
        summary="Withdraw one's support for a solution",
        description=SUPPORT_DOC["delete"],
        request=None,
        responses={204: None},
    )
    @action(detail=True, methods=["post", "delete"])
    def support(self, request, pk=None):
        solution = self.get_object()
        if request.method == "DELETE":
            services.vote_withdraw(subject=solution, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        services.vote_cast(subject=solution, by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=solution.pk)).data)


class CommentViewSetBase(
    IdempotentPostMixin, mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """A conversation: the comments of one project or one solution, oldest first."""

    serializer_class = CommentSerializer
    orderings = {"created": "created"}
    default_ordering = "created"

    def subject(self) -> Project | Solution:
        raise NotImplementedError

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "can_moderate": self.request.user.has_perm("projects.hide_comment"),
        }

    def list(self, request, *args, **kwargs):
        self.subject()  # 404 when it is not visible
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        subject = self.subject()
        serializer = CommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.comment_create(
            subject=subject, by=request.user, **serializer.validated_data
        )
        comment = Comment.objects.select_related("author", "project", "solution").get(pk=comment.pk)
        return Response(self.get_serializer(comment).data, status=status.HTTP_201_CREATED)


COMMENT_CREATE_DOC = (
    "Signed-in people comment on published projects that are not archived. Send `parent` to "
    "reply. The caller then follows the project."
)


@extend_schema_view(
    list=extend_schema(summary="A project's comments", parameters=[PROJECT_SLUG]),
    create=extend_schema(
        summary="Comment on a project, or reply",
        description=COMMENT_CREATE_DOC,
        parameters=[PROJECT_SLUG],
        request=CommentCreateSerializer,
        responses={201: CommentSerializer},
    ),
)
class ProjectCommentViewSet(CommentViewSetBase):
    def subject(self) -> Project:
        return _project_for(self.request, self.kwargs["project_slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        return Comment.objects.filter(
            project__slug=self.kwargs["project_slug"], solution=None
        ).select_related("author", "project")


@extend_schema_view(
    list=extend_schema(summary="A solution's comments", parameters=[SOLUTION_ID]),
    create=extend_schema(
        summary="Comment on a solution, or reply",
        description=COMMENT_CREATE_DOC,
        parameters=[SOLUTION_ID],
        request=CommentCreateSerializer,
        responses={201: CommentSerializer},
    ),
)
class SolutionCommentViewSet(CommentViewSetBase):
    def subject(self) -> Solution:
        return get_object_or_404(
            visible_solutions(self.request.user), pk=self.kwargs["solution_id"]
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        return Comment.objects.filter(solution_id=self.kwargs["solution_id"]).select_related(
            "author", "solution"
        )
