from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from api.organisations.serializers import OrganisationSummarySerializer
from core.choices import District
from organisations.models import Organisation, Sector
from projects.models import Project

from .. import selectors
from ..models import Approach, Match, ProjectNeed, Resource
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


class PledgeSerializer(serializers.ModelSerializer):
    """The offer an interest pledges."""

    class Meta:
        model = Resource
        fields = ["id", "kind", "title", "value_vnd"]
        read_only_fields = fields


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


# --- Invitations to propose and expressions of interest --------------------------------------


class ContactSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    name = serializers.CharField()
    email = serializers.EmailField()


EXAMPLE_PROJECT = {
    "slug": "flood-warning-thu-dau-mot",
    "title": "Flood warning for Thủ Dầu Một",
    "summary": "Sensors and alerts before the streets flood.",
    "theme": "environment",
    "district": "thu-dau-mot",
    "organisation": {
        "slug": "binh-duong-doc",
        "name": "Binh Duong Department of Construction",
        "sector": "government",
        "verified": True,
    },
}
EXAMPLE_LAB = {
    "slug": "tdmu-water-lab",
    "name": "TDMU Water Lab",
    "sector": "academia",
    "verified": True,
}


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A lab's interest, pledging its test-bed, accepted",
            value={
                "id": 7,
                "kind": "interest",
                "status": "accepted",
                "project": EXAMPLE_PROJECT,
                "organisation": EXAMPLE_LAB,
                "message": "Our flume and ten sensors could pilot your alerts.",
                "pledge": {
                    "id": 12,
                    "kind": "testbed",
                    "title": "Flood test-bed on the Thị Tính river",
                    "value_vnd": None,
                },
                "answer_message": "Welcome: let us meet next week.",
                "created": "2026-03-02T10:00:00+07:00",
                "answered_at": "2026-03-03T09:00:00+07:00",
                "contacts": [
                    {
                        "organisation": "TDMU Water Lab",
                        "name": "Dr. Lan",
                        "email": "lan@example.org",
                    }
                ],
            },
            response_only=True,
        )
    ]
)
class ApproachSerializer(serializers.ModelSerializer):
    """An invitation to propose (project → organisation) or an expression of interest
    (organisation → project), with its answer. `contacts` (both sides' contact persons) is
    filled only in a single one's answer, to the two sides, once accepted; otherwise null."""

    project = MatchedProjectSerializer(read_only=True)
    organisation = OrganisationSummarySerializer(read_only=True)
    pledge = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()

    class Meta:
        model = Approach
        fields = [
            "id",
            "kind",
            "status",
            "project",
            "organisation",
            "message",
            "pledge",
            "answer_message",
            "created",
            "answered_at",
            "contacts",
        ]
        read_only_fields = fields

    @extend_schema_field(PledgeSerializer(allow_null=True))
    def get_pledge(self, approach) -> dict | None:
        return PledgeSerializer(approach.pledge).data if approach.pledge_id else None

    @extend_schema_field(ContactSerializer(many=True, allow_null=True))
    def get_contacts(self, approach) -> list[dict] | None:
        request = self.context.get("request")
        if not self.context.get("with_contacts") or request is None:
            return None
        if not request.user.has_perm("matchmaking.see_contacts", approach):
            return None
        return selectors.approach_contacts(approach)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Invite a lab to propose",
            value={
                "project": "flood-warning-thu-dau-mot",
                "organisation": "tdmu-water-lab",
                "message": "Your flume could test our sensors: would you propose a pilot?",
            },
            request_only=True,
        )
    ]
)
class InvitationWriteSerializer(serializers.Serializer):
    project = serializers.SlugRelatedField(slug_field="slug", queryset=Project.objects.all())
    organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all()
    )
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A lab's interest, pledging its test-bed",
            value={
                "organisation": "tdmu-water-lab",
                "project": "flood-warning-thu-dau-mot",
                "message": "Our flume and ten sensors could pilot your alerts.",
                "pledge": 12,
            },
            request_only=True,
        )
    ]
)
class InterestWriteSerializer(serializers.Serializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all()
    )
    project = serializers.SlugRelatedField(slug_field="slug", queryset=Project.objects.all())
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    pledge = serializers.PrimaryKeyRelatedField(
        queryset=Resource.objects.all(),
        required=False,
        allow_null=True,
        help_text="The id of one of the organisation's open offers.",
    )


class AnswerSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A university lab",
            value={
                "organisation": "thu-dau-mot-hydrology-lab",
                "expertise": ["GIS", "hydrology", "flood sensors"],
                "sectors_wanted": ["government", "community"],
            },
        )
    ]
)
class CapabilitiesSerializer(serializers.Serializer):
    """What an organisation says about itself besides its resources (`/offers/`)."""

    organisation = serializers.CharField(source="slug", read_only=True)
    expertise = serializers.ListField(
        child=serializers.CharField(max_length=100),
        max_length=30,
        required=False,
        help_text="Its expertise tags, replacing the present ones.",
    )
    sectors_wanted = serializers.ListField(
        child=serializers.ChoiceField(choices=Sector.choices),
        required=False,
        help_text="The sectors it wants to work with, replacing the present ones.",
    )
