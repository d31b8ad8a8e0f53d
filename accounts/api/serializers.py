from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from accounts.models import User
from organisations.api.serializers import OrganisationSummarySerializer
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
            },
            response_only=True,
        )
    ]
)
class MeSerializer(serializers.ModelSerializer):
    government_staff = serializers.SerializerMethodField(
        help_text="Moves any project and moderates comments."
    )
    memberships = MembershipSerializer(source="memberships_list", many=True, read_only=True)

    class Meta:
        model = User
        fields = ["email", "display_name", "preferred_language", "government_staff", "memberships"]
        read_only_fields = fields

    def get_government_staff(self, user: User) -> bool:
        return user.has_perm("projects.change_project")
