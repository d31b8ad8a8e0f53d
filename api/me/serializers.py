from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from accounts.models import User
from api.organisations.serializers import OrganisationSummarySerializer
from organisations.models import Membership


class MembershipSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", "role"]
        read_only_fields = fields


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An enterprise owner",
            value={
                "email": "owner@helix.local",
                "display_name": "Trần Minh",
                "preferred_language": "vi",
                "government_staff": False,
                "memberships": [
                    {
                        "organisation": {
                            "slug": "songflow-technologies",
                            "name": "SongFlow Technologies",
                            "sector": "enterprise",
                            "verified": True,
                        },
                        "role": "owner",
                    }
                ],
                "api_key": None,
            },
            response_only=True,
        )
    ]
)
class ApiKeySummarySerializer(serializers.Serializer):
    name = serializers.CharField()
    prefix = serializers.CharField(source="display_prefix")
    scope = serializers.ChoiceField(choices=["read", "write"])


class MeSerializer(serializers.ModelSerializer):
    government_staff = serializers.SerializerMethodField(
        help_text="Moves any project and moderates comments."
    )
    memberships = MembershipSerializer(source="memberships_list", many=True, read_only=True)
    api_key = ApiKeySummarySerializer(
        read_only=True,
        allow_null=True,
        help_text="The API key the request came with (its account acts for one organisation); "
        "null with a session.",
    )

    class Meta:
        model = User
        fields = [
            "email",
            "display_name",
            "preferred_language",
            "government_staff",
            "memberships",
            "api_key",
        ]
        read_only_fields = fields

    def get_government_staff(self, user: User) -> bool:
        return user.is_government_staff()
