from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from api.organisations.serializers import OrganisationSummarySerializer
from core.choices import District
from organisations.models import Organisation
from projects.models import Project

from ..models import Match, ProjectNeed, Resource
from ..reasons import reason_text

MAX_VND = 2**63 - 1


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A test-bed offered by a university lab",
            value={
                "id": 12,
                "organisation": {
                    "slug": "tdmu-water-lab",
                    "name": "TDMU Water Lab",
                    "sector": "academia",
                    "verified": True,
                },
                "direction": "offer",
                "kind": "testbed",
                "title": "Flood test-bed on the Thị Tính river",
                "description": "Ten water-level sensors and a flume, for pilots of 3 months.",
                "conditions": "Projects of the province; a student joins the team.",
                "value_vnd": None,
                "districts": ["thu-dau-mot", "ben-cat"],
                "is_open": True,
                "created": "2026-03-02T10:00:00+07:00",
                "modified": "2026-03-02T10:00:00+07:00",
            },
            response_only=True,
        )
    ]
)
class ResourceSerializer(serializers.ModelSerializer):
    """What an organisation offers or seeks."""

    organisation = OrganisationSummarySerializer(read_only=True)
    districts = serializers.ListField(source="district_codes", read_only=True)

    class Meta:
        model = Resource
        fields = [
            "id",
            "organisation",
            "direction",
            "kind",
            "title",
            "description",
            "conditions",
            "value_vnd",
            "districts",
            "is_open",
            "created",
            "modified",
        ]
        read_only_fields = fields


class ResourceWriteSerializer(serializers.ModelSerializer):
    """Create (with `organisation`, a slug) or edit (PATCH, without it) a resource."""

    organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), required=True
    )
    districts = serializers.ListField(
        child=serializers.ChoiceField(choices=District.choices),
        required=False,
        max_length=len(District.choices),
    )
    value_vnd = serializers.IntegerField(
        min_value=0, max_value=MAX_VND, required=False, allow_null=True
    )

    class Meta:
        model = Resource
        fields = [
            "organisation",
            "direction",
            "kind",
            "title",
            "description",
            "conditions",
            "value_vnd",
            "districts",
            "is_open",
        ]


class ProjectNeedSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ProjectNeed
        fields = ["id", "project", "kind", "title", "description", "is_open", "created"]
        read_only_fields = fields


class ProjectNeedWriteSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(
        slug_field="slug", queryset=Project.objects.all(), required=True
    )

    class Meta:
        model = ProjectNeed
        fields = ["project", "kind", "title", "description", "is_open"]


class ReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=[
            "expertise",
            "text",
            "sector",
            "wanted",
            "district",
            "district_offer",
            "offers",
            "past_owner",
            "past_theme",
            "past_sector",
        ],
        help_text="What the reason is about; its other fields depend on it (tags, sector...).",
    )
    text = serializers.CharField(help_text="The reason in the caller's language.")


def _reasons(match: Match) -> list[dict]:
    return [{**reason, "text": reason_text(reason)} for reason in match.reasons]


class MatchedProjectSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)

    class Meta:
        model = Project
        fields = ["slug", "title", "summary", "theme", "district", "organisation"]
        read_only_fields = fields


EXAMPLE_REASONS = [
    {
        "code": "expertise",
        "count": 2,
        "total": 3,
        "tags": ["hydrology", "GIS"],
        "text": "2 of the expertise needed: hydrology, GIS",
    },
    {"code": "sector", "sector": "academia", "text": "academia, which the project seeks"},
]


class MatchSerializer(serializers.ModelSerializer):
    """A match's score and reasons (each as data and as text in the caller's language)."""

    reasons = serializers.SerializerMethodField()

    class Meta:
        model = Match
        fields = ["score", "reasons", "computed_at"]
        read_only_fields = fields

    @extend_schema_field(ReasonSerializer(many=True))
    def get_reasons(self, match) -> list[dict]:
        return _reasons(match)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A university lab for a flooding project",
            value={
                "organisation": {
                    "slug": "tdmu-water-lab",
                    "name": "TDMU Water Lab",
                    "sector": "academia",
                    "verified": True,
                },
                "score": 61.5,
                "reasons": EXAMPLE_REASONS,
                "computed_at": "2026-03-02T10:00:05+07:00",
            },
            response_only=True,
        )
    ]
)
class OrganisationMatchSerializer(MatchSerializer):
    """An organisation that could help the project: never its contact details."""

    organisation = OrganisationSummarySerializer(read_only=True)

    class Meta(MatchSerializer.Meta):
        fields = ["organisation", *MatchSerializer.Meta.fields]
        read_only_fields = fields


class ProjectMatchSerializer(MatchSerializer):
    """An open project for the organisation."""

    project = MatchedProjectSerializer(read_only=True)

    class Meta(MatchSerializer.Meta):
        fields = ["project", *MatchSerializer.Meta.fields]
        read_only_fields = fields
