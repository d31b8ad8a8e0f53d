"""Projects, solutions, comments, supports and follows over HTTP.

Reads use the same querysets as the site (`visible_to(user).with_listing_data()`), so others'
drafts are 404 and lists cost a constant number of queries. Every write calls a function of
`projects/services.py`, which checks the rule of `projects/permissions.py`: PermissionDenied
becomes 403, ValidationError 400 (api/exceptions.py).
"""

import functools
from datetime import date

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db.models import DateField, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.conditional import ConditionalRetrieveMixin
from api.idempotency import IdempotentPostMixin
from projects import selectors, services
from projects.filters import ProjectFilter
from projects.models import Comment, ConsortiumPartner, Follow, Project, Solution, Vote
from projects.representations import PROJECT_ROW_FIELDS

from ..serializers import (
    CommentCreateSerializer,
    CommentEditSerializer,
    CommentSerializer,
    ConsortiumPartnerSerializer,
    MyFollowSerializer,
    MySupportSerializer,
    PartnerInviteSerializer,
    PartnershipSerializer,
    ProjectCreateSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
    ReportCreateSerializer,
    ReportSerializer,
    SolutionDecisionSerializer,
    SolutionProposeSerializer,
    SolutionSerializer,
    SolutionUpdateSerializer,
    TransitionSerializer,
)

SLUG = "[-a-zA-Z0-9_]+"
ID = "[0-9]{1,18}"


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


def visible_solutions(user):
    """The solutions the caller may see, with what a row shows and the caller's support."""
    return (
        Solution.objects.visible_to(user)
        .with_listing_data()
        .select_related("project__organisation")
        .with_caller_marks(user)
    )


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


def _id(description: str) -> OpenApiParameter:
    return OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=description)


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


def _report(request, subject: Comment | Solution) -> Response:
    """Flag a comment or a solution: 201 with the new report, 200 with the caller's open one."""
    serializer = ReportCreateSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    already = selectors.open_report(reporter=request.user, subject=subject)
    report = services.report_create(
        subject=subject, by=request.user, reason=serializer.validated_data["reason"]
    )
    return Response(
        ReportSerializer(report).data,
        status=status.HTTP_200_OK if already else status.HTTP_201_CREATED,
    )


REPORT_DOC = (
    "Signed-in people flag it for the moderators. The same person's report that is still open "
    "is answered again (200, its reason unchanged) instead of a second one (201)."
)
REPORT_RESPONSES = {
    201: OpenApiResponse(ReportSerializer, description="A new report."),
    200: OpenApiResponse(
        ReportSerializer, description="The caller's open report on it, already there."
    ),
}


@extend_schema_view(
    retrieve=extend_schema(summary="One solution, with its consortium"),
    partial_update=extend_schema(
        summary="Edit a solution",
        description="Its lead (the person who proposed it, or the owners and managers of the "
        "lead organisation), while it is submitted or shortlisted.",
        request=SolutionUpdateSerializer,
        responses={200: SolutionSerializer},
    ),
)
@extend_schema(parameters=[_id("The solution's id.")])
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

    def _read(self, solution: Solution) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=solution.pk)).data)

    def partial_update(self, request, *args, **kwargs):
        solution = self.get_object()
        serializer = SolutionUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.solution_update(solution=solution, by=request.user, **serializer.validated_data)
        return self._read(solution)

    @extend_schema(
        summary="Withdraw a solution",
        description="Its lead, while it is submitted or shortlisted. It stays readable, "
        "marked `withdrawn`, and leaves the project's list.",
        request=None,
        responses={200: SolutionSerializer},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        solution = self.get_object()
        services.solution_withdraw(solution=solution, by=request.user)
        return self._read(solution)

    @extend_schema(
        summary="Shortlist, select or not select a solution",
        description="The owners and managers of the project's organisation, and government "
        "staff, while the project is open, in review or in progress.",
        request=SolutionDecisionSerializer,
        responses={200: SolutionSerializer},
        examples=[OpenApiExample("Shortlist", value={"to": "shortlisted"}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        solution = self.get_object()
        serializer = SolutionDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.solution_decide(
            solution=solution, to=serializer.validated_data["to"], by=request.user
        )
        return self._read(solution)

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
        return self._read(solution)

    @extend_schema(
        summary="Report a solution",
        description=REPORT_DOC,
        request=ReportCreateSerializer,
        responses=REPORT_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return _report(request, self.get_object())


def _solution_for(request, pk) -> Solution:
    return get_object_or_404(
        Solution.objects.visible_to(request.user).select_related(
            "project__organisation", "lead_organisation"
        ),
        pk=pk,
    )


@extend_schema_view(
    list=extend_schema(
        summary="A solution's consortium",
        description="The partners who accepted, for everyone. The solution's lead also sees "
        "the invitations still waiting and the declined ones, as on the site.",
        parameters=[SOLUTION_ID],
    ),
    create=extend_schema(
        summary="Invite an organisation into the consortium",
        description="The solution's lead, while it is submitted or shortlisted. The "
        "organisation must be verified; its owners and managers answer the invitation "
        "(`/partnerships/`), and it appears in the consortium once it accepts.",
        parameters=[SOLUTION_ID],
        request=PartnerInviteSerializer,
        responses={201: ConsortiumPartnerSerializer},
        examples=[
            OpenApiExample(
                "Invite a university",
                value={"organisation": "thu-dau-mot-university", "role": "research partner"},
                request_only=True,
            )
        ],
    ),
)
class SolutionPartnerViewSet(
    IdempotentPostMixin, mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    serializer_class = ConsortiumPartnerSerializer
    orderings = {"invited_at": "created"}
    default_ordering = "invited_at"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ConsortiumPartner.objects.none()
        solution = _solution_for(self.request, self.kwargs["solution_id"])
        partners = solution.partners.select_related("organisation")
        if not self.request.user.has_perm("projects.view_all_partners", solution):
            partners = partners.filter(status=ConsortiumPartner.Status.ACCEPTED)
        return partners

    def create(self, request, *args, **kwargs):
        solution = _solution_for(request, kwargs["solution_id"])
        serializer = PartnerInviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        partner = services.consortium_invite(
            solution=solution, by=request.user, **serializer.validated_data
        )
        partner = ConsortiumPartner.objects.select_related("organisation").get(pk=partner.pk)
        return Response(self.get_serializer(partner).data, status=status.HTTP_201_CREATED)


class PartnershipFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ConsortiumPartner.Status.choices, help_text="invited, accepted or declined."
    )

    class Meta:
        model = ConsortiumPartner
        fields = ["status"]


PARTNERSHIP_ID = _id("The invitation's id (`id` in the list).")
ANSWER_DOC = (
    "An owner or manager of the invited organisation answers, once. Others get 404, as on the site."
)


@extend_schema_view(
    list=extend_schema(
        summary="Consortium invitations to my organisations",
        description="The invitations addressed to the organisations the caller owns or "
        "manages, answered or not (filter by `status`), newest first.",
    )
)
class PartnershipViewSet(IdempotentPostMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Invitations into solutions' consortia, as the invited organisation sees them."""

    serializer_class = PartnershipSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = PartnershipFilter
    lookup_value_regex = ID
    orderings = {"invited_at": "created"}
    default_ordering = "-invited_at"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ConsortiumPartner.objects.none()
        return selectors.partnerships_for(self.request.user)

    def _answer(self, accept: bool) -> Response:
        partner = self.get_object()
        services.consortium_answer(partner=partner, accept=accept, by=self.request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=partner.pk)).data)

    @extend_schema(
        summary="Accept an invitation into a consortium",
        description=ANSWER_DOC + " The organisation then appears in the solution's consortium.",
        parameters=[PARTNERSHIP_ID],
        request=None,
        responses={200: PartnershipSerializer},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._answer(accept=True)

    @extend_schema(
        summary="Decline an invitation into a consortium",
        description=ANSWER_DOC,
        parameters=[PARTNERSHIP_ID],
        request=None,
        responses={200: PartnershipSerializer},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._answer(accept=False)


class ModerationContextMixin:
    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "can_moderate": self.request.user.has_perm("projects.hide_comment"),
        }


class CommentViewSetBase(
    IdempotentPostMixin,
    ModerationContextMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """A conversation: the comments of one project or one solution, oldest first."""

    serializer_class = CommentSerializer
    orderings = {"created": "created"}
    default_ordering = "created"

    def subject(self) -> Project | Solution:
        raise NotImplementedError

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


@extend_schema_view(
    retrieve=extend_schema(
        summary="One comment",
        description="A comment on a project or a solution the caller may see (others' drafts "
        "are 404).",
    ),
    partial_update=extend_schema(
        summary="Edit one's comment",
        description="Its author, while it is neither hidden nor deleted. The previous text is "
        "kept in its history.",
        request=CommentEditSerializer,
        responses={200: CommentSerializer},
        examples=[
            OpenApiExample(
                "A correction", value={"body": "Ward 4 floods first."}, request_only=True
            )
        ],
    ),
    destroy=extend_schema(
        summary="Delete one's comment",
        description="Its author, while it is neither hidden nor deleted. The text goes; the "
        "comment keeps its place in the thread (`deleted: true`) and its replies stay.",
        responses={204: None},
    ),
)
@extend_schema(parameters=[_id("The comment's id.")])
class CommentViewSet(
    IdempotentPostMixin,
    ConditionalRetrieveMixin,
    ModerationContextMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CommentSerializer
    lookup_value_regex = ID

    def get_queryset(self):
        return Comment.objects.visible_to(self.request.user).select_related(
            "author", "project", "solution"
        )

    def partial_update(self, request, *args, **kwargs):
        comment = self.get_object()
        serializer = CommentEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.comment_edit(comment=comment, by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=comment.pk)).data)

    def destroy(self, request, *args, **kwargs):
        services.comment_delete(comment=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Report a comment",
        description=REPORT_DOC,
        request=ReportCreateSerializer,
        responses=REPORT_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return _report(request, self.get_object())


# --- The caller's own supports and follows ------------------------------------------------------


class CallersOwnViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own rows of `model` (supports, follows), newest first."""

    permission_classes = [IsAuthenticated]
    orderings = {"created": "created"}
    default_ordering = "-created"
    model: type[Vote | Follow]
    related: tuple[str, ...]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.model.objects.filter(user=self.request.user).select_related(*self.related)


@extend_schema_view(
    list=extend_schema(
        summary="What I support",
        description="The caller's supports, projects and solutions together, newest first, "
        "with the sector each one counts in.",
    )
)
class MySupportViewSet(CallersOwnViewSet):
    serializer_class = MySupportSerializer
    model = Vote
    related = ("project", "solution__project")


@extend_schema_view(
    list=extend_schema(
        summary="The projects I follow",
        description="Newest first. Following is automatic on creating a project, proposing a "
        "solution or commenting.",
    )
)
class MyFollowViewSet(CallersOwnViewSet):
    serializer_class = MyFollowSerializer
    model = Follow
    related = ("project",)
