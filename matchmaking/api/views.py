"""Matchmaking over HTTP: resources (offers and needs of organisations), projects' needs, and the
stored matches of a project or an organisation. Writes call `matchmaking/services.py`, which
checks the rules: PermissionDenied becomes 403, ValidationError 400 (api/exceptions.py)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.idempotency import IdempotentPostMixin
from organisations.models import Organisation, Sector
from projects.models import Project

from .. import selectors, services
from ..filters import ApproachFilter, ProjectNeedFilter, ResourceFilter
from ..models import SCORE_KEY, Approach, ProjectNeed, Resource
from .serializers import (
    AnswerSerializer,
    ApproachSerializer,
    CapabilitiesSerializer,
    InterestWriteSerializer,
    InvitationWriteSerializer,
    OrganisationMatchSerializer,
    ProjectMatchSerializer,
    ProjectNeedSerializer,
    ProjectNeedWriteSerializer,
    ResourceSerializer,
    ResourceWriteSerializer,
)

SLUG = "[-a-zA-Z0-9_]+"


class _Writes(IdempotentPostMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    orderings = {"created": "created"}
    default_ordering = "-created"

    def _read(self, obj, status_code=status.HTTP_200_OK) -> Response:
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(obj).data, status=status_code)

    def update(self, request, *args, **kwargs):  # PUT is not offered: PATCH edits
        return self.http_method_not_allowed(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(
        summary="List offers and needs of organisations",
        description="Open resources of verified organisations (and all of your own "
        "organisations'), newest first. Filters: `direction` (offer or seek), `kind`, `sector` "
        "(of the organisation), `district` (covered; province-wide ones always match), "
        "`organisation` (slug), `q` (words, with or without Vietnamese diacritics).",
    ),
    retrieve=extend_schema(summary="One resource"),
    create=extend_schema(
        summary="Add a resource",
        description="For owners and managers of the organisation (and its write API keys).",
        request=ResourceWriteSerializer,
        responses={201: ResourceSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit a resource",
        request=ResourceWriteSerializer,
        responses={200: ResourceSerializer},
    ),
    destroy=extend_schema(summary="Remove a resource"),
)
class ResourceViewSet(_Writes, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ResourceSerializer
    filterset_class = ResourceFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Resource.objects.none()
        return Resource.objects.visible_to(self.request.user).select_related("organisation")

    def create(self, request, *args, **kwargs):
        serializer = ResourceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        resource = services.resource_create(
            organisation=fields.pop("organisation"), by=request.user, **fields
        )
        return self._read(resource, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        resource = self.get_object()
        serializer = ResourceWriteSerializer(resource, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("organisation", None)  # a resource does not move to another organisation
        services.resource_update(resource=resource, by=request.user, **fields)
        return self._read(resource)

    def destroy(self, request, *args, **kwargs):
        services.resource_delete(resource=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="List projects' needs",
        description="The resources that the projects you may see lack. Filters: `kind`, "
        "`sector` (that the project seeks), `district` (the project's), `project` (slug), `q`.",
    ),
    retrieve=extend_schema(summary="One need"),
    create=extend_schema(
        summary="Add a need to a project",
        description="For owners and managers of the project's organisation.",
        request=ProjectNeedWriteSerializer,
        responses={201: ProjectNeedSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit a need",
        request=ProjectNeedWriteSerializer,
        responses={200: ProjectNeedSerializer},
    ),
    destroy=extend_schema(summary="Remove a need"),
)
class ProjectNeedViewSet(_Writes, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ProjectNeedSerializer
    filterset_class = ProjectNeedFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProjectNeed.objects.none()
        return ProjectNeed.objects.visible_to(self.request.user).select_related(
            "project", "project__organisation"
        )

    def create(self, request, *args, **kwargs):
        serializer = ProjectNeedWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        project = fields.pop("project")
        if not Project.objects.visible_to(request.user).filter(pk=project.pk).exists():
            project = get_object_or_404(Project.objects.none())
        need = services.need_create(project=project, by=request.user, **fields)
        return self._read(need, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        need = self.get_object()
        serializer = ProjectNeedWriteSerializer(need, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("project", None)
        services.need_update(need=need, by=request.user, **fields)
        return self._read(need)

    def destroy(self, request, *args, **kwargs):
        services.need_delete(need=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


SECTOR = OpenApiParameter("sector", enum=Sector.values, description="Only this sector.")


@extend_schema_view(
    list=extend_schema(
        summary="Organisations that could help a project",
        description="Verified organisations not already involved in the open project, best "
        "first, each with its score (out of 100) and its reasons, as data and as text in the "
        "caller's language. Computed a few moments after each change, and all every night "
        "(`computed_at`). Empty for a project that is not open.",
        parameters=[SECTOR],
    )
)
class ProjectMatchViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    serializer_class = OrganisationMatchSerializer
    orderings = {"score": SCORE_KEY}
    default_ordering = "-score"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.Match.objects.none()
        project = get_object_or_404(
            Project.objects.visible_to(self.request.user), slug=self.kwargs["project_slug"]
        )
        sector = self.request.query_params.get("sector", "")
        return selectors.matches_for_project(
            project, sector=sector if sector in Sector.values else ""
        )


@extend_schema_view(
    list=extend_schema(
        summary="Projects for an organisation",
        description="Open projects that the organisation could help, best first, with the "
        "same scores and reasons as the other side.",
    )
)
class OrganisationMatchViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    serializer_class = ProjectMatchSerializer
    orderings = {"score": SCORE_KEY}
    default_ordering = "-score"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.Match.objects.none()
        organisation = get_object_or_404(Organisation, slug=self.kwargs["organisation_slug"])
        return selectors.matches_for_organisation(organisation)


class CapabilitiesView(generics.GenericAPIView):
    """An organisation's expertise and the sectors it wants to work with (its offers and what
    it seeks are `/offers/`)."""

    serializer_class = CapabilitiesSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> Organisation:
        organisation = get_object_or_404(
            Organisation.objects.select_related("capability_profile"),
            slug=self.kwargs["organisation_slug"],
        )
        self.check_object_permissions(self.request, organisation)
        return organisation

    def _read(self, organisation: Organisation) -> Response:
        profile = getattr(organisation, "capability_profile", None)
        return Response(
            {
                "organisation": organisation.slug,
                "expertise": sorted(tag.name for tag in organisation.expertise.all()),
                "sectors_wanted": profile.sectors_sought if profile else [],
            }
        )

    @extend_schema(summary="An organisation's capabilities")
    def get(self, request, *args, **kwargs):
        return self._read(self.get_object())

    @extend_schema(
        summary="Edit an organisation's capabilities",
        description="For owners and managers of the organisation (and its write API keys). "
        "Each field given replaces the present one; matches are refreshed after.",
    )
    def patch(self, request, *args, **kwargs):
        organisation = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = serializer.validated_data
        services.capabilities_update(
            organisation=organisation,
            by=request.user,
            expertise=fields.get("expertise"),
            sectors=fields.get("sectors_wanted"),
        )
        organisation = self.get_object()  # its tags and profile as stored
        return self._read(organisation)


# --- Invitations to propose and expressions of interest --------------------------------------

APPROACH_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Its id (`id` in the list)."
)
ANSWER = (
    "The other side's owners and managers (and their write API keys) answer, once, while it "
    "is pending; the caller's organisation must be that side, or 403. Once accepted, the answer "
    "carries both sides' `contacts`."
)


def _approach_schema(noun: str, who: str, write, sent: str):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {noun}s",
            description=f"The {noun}s of the organisations the caller belongs to, sent or "
            "received, newest first. `contacts` is null in lists.",
        ),
        retrieve=extend_schema(
            summary=f"One {noun}",
            description="With both sides' `contacts` once accepted. Only the two sides see it "
            "(others get 404).",
            parameters=[APPROACH_ID],
        ),
        create=extend_schema(
            summary=sent,
            description=f"{who} Only an open project and a verified organisation not already "
            "involved in it; no second one while one is pending between them; not again for 30 "
            "days after the same was declined; at most `HELIX_MATCH_ACTIONS_PER_DAY` of each kind "
            "per organisation in 24 hours (400 with the reason).",
            request=write,
            responses={201: ApproachSerializer},
        ),
        accept=extend_schema(
            summary=f"Accept an {noun}" if noun[0] in "aeiou" else f"Accept a {noun}",
            description=ANSWER,
            parameters=[APPROACH_ID],
            request=AnswerSerializer,
            responses={200: ApproachSerializer},
        ),
        decline=extend_schema(
            summary=f"Decline an {noun}" if noun[0] in "aeiou" else f"Decline a {noun}",
            description=ANSWER,
            parameters=[APPROACH_ID],
            request=AnswerSerializer,
            responses={200: ApproachSerializer},
        ),
        withdraw=extend_schema(
            summary=f"Withdraw an {noun}" if noun[0] in "aeiou" else f"Withdraw a {noun}",
            description="The side that sent it takes it back while it is pending.",
            parameters=[APPROACH_ID],
            request=None,
            responses={200: ApproachSerializer},
        ),
    )


class _ApproachViewSet(IdempotentPostMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ApproachSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = ApproachFilter
    lookup_value_regex = "[0-9]+"
    orderings = {"created": "created"}
    default_ordering = "-created"
    kind = ""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Approach.objects.none()
        user = self.request.user
        if user.has_perm("matchmaking.see_all_approaches"):
            approaches = Approach.objects.for_listing()  # the staff desk's view
        else:
            approaches = selectors.approaches_for(user)
        return approaches.filter(kind=self.kind)

    def _one(self, approach, status_code=status.HTTP_200_OK) -> Response:
        approach = Approach.objects.for_listing().get(pk=approach.pk)
        context = {**self.get_serializer_context(), "with_contacts": True}
        return Response(ApproachSerializer(approach, context=context).data, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        return self._one(self.get_object())

    def _visible_project(self, project: Project) -> Project:
        if not Project.objects.visible_to(self.request.user).filter(pk=project.pk).exists():
            raise Http404
        return project

    def _answer(self, accept: bool) -> Response:
        serializer = AnswerSerializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        approach = services.approach_answer(
            approach=self.get_object(),
            accept=accept,
            by=self.request.user,
            **serializer.validated_data,
        )
        return self._one(approach)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._answer(accept=True)

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._answer(accept=False)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._one(services.approach_withdraw(approach=self.get_object(), by=request.user))


@_approach_schema(
    "invitation",
    "Owners and managers of the project's organisation (and its write API keys) invite a "
    "verified organisation that could help to propose a solution.",
    InvitationWriteSerializer,
    "Invite an organisation to propose",
)
class InvitationViewSet(_ApproachViewSet):
    """Invitations to propose: a project's team → an organisation."""

    kind = Approach.Kind.INVITATION

    def create(self, request, *args, **kwargs):
        serializer = InvitationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        approach = services.invitation_send(
            project=self._visible_project(fields.pop("project")), by=request.user, **fields
        )
        return self._one(approach, status.HTTP_201_CREATED)


@_approach_schema(
    "interest",
    "Members of a verified organisation (and its write API keys) tell an open project it is "
    "interested, optionally pledging one of its open offers (`pledge`).",
    InterestWriteSerializer,
    "Express an organisation's interest in a project",
)
class InterestViewSet(_ApproachViewSet):
    """Expressions of interest: an organisation → a project (with an optional pledge)."""

    kind = Approach.Kind.INTEREST

    def create(self, request, *args, **kwargs):
        serializer = InterestWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        approach = services.interest_express(
            project=self._visible_project(fields.pop("project")), by=request.user, **fields
        )
        return self._one(approach, status.HTTP_201_CREATED)
