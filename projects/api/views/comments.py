"""Comments over HTTP: a project's or a solution's conversation, one comment, its edits,
deletion and reports."""

from django.shortcuts import get_object_or_404
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.conditional import ConditionalRetrieveMixin
from api.idempotency import IdempotentPostMixin
from projects import services
from projects.models import Comment, Project, Solution

from .. import schema
from ..serializers import (
    CommentCreateSerializer,
    CommentEditSerializer,
    CommentSerializer,
)
from .common import ID, answer_report, project_for
from .solutions import visible_solutions


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


@schema.PROJECT_COMMENT
class ProjectCommentViewSet(CommentViewSetBase):
    def subject(self) -> Project:
        return project_for(self.request, self.kwargs["project_slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        return Comment.objects.filter(
            project__slug=self.kwargs["project_slug"], solution=None
        ).select_related("author", "project")


@schema.SOLUTION_COMMENT
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


@schema.COMMENT
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

    @schema.COMMENT_REPORT
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return answer_report(request, self.get_object())
