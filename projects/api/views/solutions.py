"""Solutions over HTTP: a project's solutions, one solution and its decisions, its consortium,
and the invitations to the caller's organisations."""

import django_filters
from django.shortcuts import get_object_or_404
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.conditional import ConditionalRetrieveMixin
from api.idempotency import IdempotentPostMixin
from projects import selectors, services
from projects.models import ConsortiumPartner, Solution

from .. import schema
from ..serializers import (
    ConsortiumPartnerSerializer,
    PartnerInviteSerializer,
    PartnershipSerializer,
    SolutionDecisionSerializer,
    SolutionProposeSerializer,
    SolutionSerializer,
    SolutionUpdateSerializer,
)
from .common import ID, answer_report, project_for


def visible_solutions(user):
    """The solutions the caller may see, with what a row shows and the caller's support."""
    return (
        Solution.objects.visible_to(user)
        .with_listing_data()
        .select_related("project__organisation")
        .with_caller_marks(user)
    )


@schema.PROJECT_SOLUTION
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
        project_for(request, kwargs["project_slug"])  # 404 when it is not visible
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        project = project_for(request, kwargs["project_slug"])
        serializer = SolutionProposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        solution = services.solution_propose(
            project=project, by=request.user, **serializer.service_fields()
        )
        solution = visible_solutions(request.user).get(pk=solution.pk)
        return Response(self.get_serializer(solution).data, status=status.HTTP_201_CREATED)


@schema.SOLUTION
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

    @schema.SOLUTION_WITHDRAW
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        solution = self.get_object()
        services.solution_withdraw(solution=solution, by=request.user)
        return self._read(solution)

    @schema.SOLUTION_DECISION
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        solution = self.get_object()
        serializer = SolutionDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.solution_decide(
            solution=solution, to=serializer.validated_data["to"], by=request.user
        )
        return self._read(solution)

    @schema.SOLUTION_SUPPORT
    @action(detail=True, methods=["post", "delete"])
    def support(self, request, pk=None):
        solution = self.get_object()
        if request.method == "DELETE":
            services.vote_withdraw(subject=solution, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        services.vote_cast(subject=solution, by=request.user)
        return self._read(solution)

    @schema.SOLUTION_REPORT
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return answer_report(request, self.get_object())


def _solution_for(request, pk) -> Solution:
    return get_object_or_404(
        Solution.objects.visible_to(request.user).select_related(
            "project__organisation", "lead_organisation"
        ),
        pk=pk,
    )


@schema.SOLUTION_PARTNER
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


@schema.PARTNERSHIP
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

    @schema.PARTNERSHIP_ACCEPT
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._answer(accept=True)

    @schema.PARTNERSHIP_DECLINE
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._answer(accept=False)
