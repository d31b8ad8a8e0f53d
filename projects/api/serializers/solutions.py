"""Solutions, their consortium and invitations as the API shows them, and the input of their
proposal, edits and decisions.
"""

from django.utils.translation import gettext as _
from rest_framework import serializers

from api.organisations.serializers import OrganisationSummarySerializer
from organisations.models import Organisation
from projects.forms import SolutionForm
from projects.models import (
    ConsortiumPartner,
    Solution,
)
from projects.representations import (
    solution_representation,
)

from .common import MAX_VND, PersonSerializer, SupportsSerializer, ViewerMixin, _absolute


class PartnerSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)

    class Meta:
        model = ConsortiumPartner
        fields = ["organisation", "role"]
        read_only_fields = fields


class SolutionSerializer(ViewerMixin, serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    web_url = serializers.SerializerMethodField()
    lead_user = PersonSerializer(read_only=True)
    lead_organisation = OrganisationSummarySerializer(read_only=True, allow_null=True)
    consortium = PartnerSerializer(
        source="accepted_partners",
        many=True,
        read_only=True,
        help_text="Partners who accepted their invitation.",
    )
    supports = SupportsSerializer(source="*", read_only=True)

    class Meta:
        model = Solution
        fields = [
            "id",
            "project",
            "web_url",
            "title",
            "summary",
            "description",
            "description_html",
            "estimated_cost_vnd",
            "duration_months",
            "status",
            "lead_user",
            "lead_organisation",
            "consortium",
            "supports",
            "comment_count",
            "supported_by_me",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_web_url(self, solution: Solution) -> str:
        return _absolute(self, solution.get_absolute_url())

    def to_representation(self, solution: Solution) -> dict:
        """projects/representations.py's, which the webhooks share (the declarations above
        stay the schema; a test holds it equal to DRF's own representation)."""
        return solution_representation(
            solution, absolute=self.context["request"].build_absolute_uri
        )

    def declared_representation(self, solution: Solution) -> dict:
        return super().to_representation(solution)


class PartnerInviteSerializer(serializers.Serializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text="A verified organisation's slug.",
    )
    role = serializers.CharField(
        max_length=ConsortiumPartner._meta.get_field("role").max_length,
        help_text="e.g. research partner, pilot site, co-funder",
    )


class SolutionProposeSerializer(serializers.Serializer):
    lead_organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        allow_null=True,
        required=False,
        help_text="An organisation the caller belongs to; omit to propose as an individual.",
    )
    title = serializers.CharField(max_length=160)
    summary = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=20_000, help_text="Markdown.")
    estimated_cost_vnd = serializers.IntegerField(
        min_value=0, max_value=MAX_VND, allow_null=True, required=False
    )
    duration_months = serializers.IntegerField(
        min_value=1, max_value=SolutionForm.MAX_DURATION_MONTHS, allow_null=True, required=False
    )
    partners = PartnerInviteSerializer(
        many=True, required=False, help_text="Organisations invited into the consortium."
    )

    def validate(self, data):
        lead = data.get("lead_organisation")
        if lead is not None and any(p["organisation"] == lead for p in data.get("partners", [])):
            raise serializers.ValidationError(
                {"partners": [_("The lead organisation cannot also be its own partner.")]}
            )
        return data

    def service_fields(self) -> dict:
        fields = dict(self.validated_data)
        fields["partners"] = [(p["organisation"], p["role"]) for p in fields.pop("partners", [])]
        return fields


class SolutionUpdateSerializer(serializers.Serializer):
    """The fields of a solution's form on the site; send only those that change (PATCH)."""

    title = serializers.CharField(max_length=160)
    summary = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=20_000, help_text="Markdown.")
    estimated_cost_vnd = serializers.IntegerField(
        min_value=0, max_value=MAX_VND, allow_null=True, required=False
    )
    duration_months = serializers.IntegerField(
        min_value=1, max_value=SolutionForm.MAX_DURATION_MONTHS, allow_null=True, required=False
    )


# The decisions on a solution (named SolutionDecisionEnum in the schema).
DECISIONS = [
    (value, label)
    for value, label in Solution.Status.choices
    if value
    in (Solution.Status.SHORTLISTED, Solution.Status.SELECTED, Solution.Status.NOT_SELECTED)
]


class SolutionDecisionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=DECISIONS,
        help_text="submitted → shortlisted or not_selected; shortlisted → selected or "
        "not_selected.",
    )


class ConsortiumPartnerSerializer(serializers.ModelSerializer):
    """An organisation invited into a solution's consortium, and its answer."""

    organisation = OrganisationSummarySerializer(read_only=True)
    invited_at = serializers.DateTimeField(source="created", read_only=True)

    class Meta:
        model = ConsortiumPartner
        fields = ["id", "organisation", "role", "status", "invited_at", "answered_at"]
        read_only_fields = fields


class SolutionSummarySerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lead_user = PersonSerializer(read_only=True)
    lead_organisation = OrganisationSummarySerializer(read_only=True, allow_null=True)
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Solution
        fields = ["id", "project", "title", "status", "lead_user", "lead_organisation", "web_url"]
        read_only_fields = fields

    def get_web_url(self, solution: Solution) -> str:
        return _absolute(self, solution.get_absolute_url())


class PartnershipSerializer(ConsortiumPartnerSerializer):
    """An invitation addressed to an organisation the caller manages, with its solution."""

    solution = SolutionSummarySerializer(read_only=True)

    class Meta(ConsortiumPartnerSerializer.Meta):
        fields = [*ConsortiumPartnerSerializer.Meta.fields, "solution"]
        read_only_fields = fields
