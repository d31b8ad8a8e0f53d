"""Milestones and updates over HTTP (issue 15, §3): read by anyone who may see the project,
written by its delivery team (people, or write keys of their organisations). Writes call
`followthrough.py`, which checks the rules: PermissionDenied becomes 403, ValidationError 400
(api/exceptions.py). Updates' images are uploaded on the site; the API reads their address."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from api.idempotency import IdempotentPostMixin
from core.links import site_url
from projects.models import Project

from .. import followthrough
from ..models import Milestone, ProjectUpdate

SLUG = "[-a-zA-Z0-9_]+"


class MilestoneSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    is_late = serializers.BooleanField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = [
            "id", "project", "title", "description", "due_on", "status", "progress",
            "is_late", "created", "modified", "url",
        ]  # fmt: skip
        read_only_fields = ["id", "project", "created", "modified"]

    def get_url(self, milestone: Milestone) -> str:
        return site_url(milestone.get_absolute_url())


class MilestoneWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["title", "description", "due_on", "status", "progress"]


class UpdateSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.SerializerMethodField()
    image_url = serializers.SerializerMethodField()
    edited = serializers.BooleanField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProjectUpdate
        fields = [
            "id", "project", "title", "body", "body_html", "image_url", "image_alt", "author",
            "created", "modified", "edited", "url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_author(self, update: ProjectUpdate) -> str | None:
        return update.author.public_name if update.author else None

    def get_image_url(self, update: ProjectUpdate) -> str | None:
        return site_url(update.image.url) if update.image else None

    def get_url(self, update: ProjectUpdate) -> str:
        return site_url(update.get_absolute_url())


class UpdateWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=160)
    body = serializers.CharField(max_length=5000)


def _project(request, slug: str) -> Project:
    return get_object_or_404(
        Project.objects.visible_to(request.user).select_related("organisation"), slug=slug
    )


MILESTONE_EXAMPLE = OpenApiExample(
    "A milestone",
    value={
        "title": "Sensors installed on the Thị Tính river",
        "description": "Twenty sensors, solar powered.",
        "due_on": "2026-12-15",
        "status": "in_progress",
        "progress": 40,
    },
    request_only=True,
)
UPDATE_EXAMPLE = OpenApiExample(
    "An update",
    value={"title": "First alerts sent", "body": "The **SMS alerts** reached 1,200 residents."},
    request_only=True,
)


class _ProjectScoped(IdempotentPostMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def project(self) -> Project:
        if not hasattr(self, "_project_obj"):
            self._project_obj = _project(self.request, self.kwargs["project_slug"])
        return self._project_obj

    def list(self, request, *args, **kwargs):
        self.project()  # 404 when the caller may not see it
        return super().list(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(
        summary="A project's milestones",
        description="By due date. `is_late`: not done past its due date.",
    ),
    retrieve=extend_schema(summary="One milestone"),
    create=extend_schema(
        summary="Add a milestone",
        description="For the project's delivery team: owners and managers of its organisation "
        "and of the selected solutions' lead and accepted partners (write keys included), while "
        "the project is in progress or completed. `done` sets the progress to 100.",
        request=MilestoneWriteSerializer,
        responses={201: MilestoneSerializer},
        examples=[MILESTONE_EXAMPLE],
    ),
    partial_update=extend_schema(
        summary="Change a milestone (its status, progress...)",
        request=MilestoneWriteSerializer,
        responses={200: MilestoneSerializer},
        examples=[MILESTONE_EXAMPLE],
    ),
    destroy=extend_schema(summary="Remove a milestone"),
)
class MilestoneViewSet(
    _ProjectScoped,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
):
    serializer_class = MilestoneSerializer
    orderings = {"due_on": "due_on"}
    default_ordering = "due_on"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Milestone.objects.none()
        return Milestone.objects.filter(project=self.project()).select_related("project")

    def create(self, request, *args, **kwargs):
        serializer = MilestoneWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        milestone = followthrough.milestone_create(
            project=self.project(), by=request.user, **serializer.validated_data
        )
        return Response(self.get_serializer(milestone).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):  # PUT is not offered: PATCH edits
        if not kwargs.get("partial"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        milestone = self.get_object()
        serializer = MilestoneWriteSerializer(milestone, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        milestone = followthrough.milestone_update(
            milestone=Milestone.objects.select_related("project").get(pk=milestone.pk),
            by=request.user,
            **serializer.validated_data,
        )
        return Response(self.get_serializer(milestone).data)

    def destroy(self, request, *args, **kwargs):
        followthrough.milestone_delete(milestone=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="A project's updates", description="Newest first."),
    retrieve=extend_schema(summary="One update"),
    create=extend_schema(
        summary="Post an update",
        description="Markdown text, for the project's delivery team (as milestones). Followers "
        "are notified; the webhook `project.update_posted` is sent. Images are added on the "
        "site.",
        request=UpdateWriteSerializer,
        responses={201: UpdateSerializer},
        examples=[UPDATE_EXAMPLE],
    ),
    partial_update=extend_schema(
        summary="Correct an update",
        description="Its `title` and `body` (the image stays), for the delivery team. "
        "Followers are not notified again and no webhook is sent; `modified` and `edited` "
        "tell readers it was corrected.",
        request=UpdateWriteSerializer,
        responses={200: UpdateSerializer},
        examples=[UPDATE_EXAMPLE],
    ),
    destroy=extend_schema(
        summary="Remove an update",
        description="With its image, for the delivery team. No webhook is sent.",
    ),
)
class UpdateViewSet(
    _ProjectScoped,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
):
    serializer_class = UpdateSerializer
    orderings = {"created": "created"}
    default_ordering = "-created"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProjectUpdate.objects.none()
        return ProjectUpdate.objects.filter(project=self.project()).select_related(
            "project", "author"
        )

    def create(self, request, *args, **kwargs):
        serializer = UpdateWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update = followthrough.update_post(
            project=self.project(), by=request.user, **serializer.validated_data
        )
        update = self.get_queryset().get(pk=update.pk)
        return Response(self.get_serializer(update).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):  # PUT is not offered: PATCH edits
        if not kwargs.get("partial"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        update = self.get_object()
        serializer = UpdateWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        given = serializer.validated_data
        followthrough.update_edit(
            update=update,
            by=request.user,
            title=given.get("title", update.title),
            body=given.get("body", update.body),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=update.pk)).data)

    def destroy(self, request, *args, **kwargs):
        followthrough.update_delete(update=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
