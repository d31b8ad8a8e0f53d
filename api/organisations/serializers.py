from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from organisations.models import Organisation


class OrganisationSummarySerializer(serializers.ModelSerializer):
    """An organisation as other objects show it (a project's owner, a consortium partner)."""

    verified = serializers.BooleanField(source="is_verified", read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "sector", "verified"]
        read_only_fields = fields


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A verified enterprise",
            value={
                "slug": "songflow-technologies",
                "name": "SongFlow Technologies",
                "sector": "enterprise",
                "description": "Flood sensors and alerting for Binh Duong's rivers.",
                "website": "https://songflow.example.org",
                "logo": None,
                "logo_thumbnail": None,
                "logo_alt": "",
                "district": "thu-dau-mot",
                "expertise": ["flood sensors", "GIS"],
                "verified": True,
                "verified_at": "2026-01-12T09:30:00+07:00",
                "member_count": 4,
                "web_url": "https://helix.example.org/organisations/songflow-technologies/",
                "created": "2026-01-10T08:00:00+07:00",
                "modified": "2026-01-12T09:30:00+07:00",
            },
            response_only=True,
        )
    ]
)
class OrganisationSerializer(serializers.ModelSerializer):
    expertise = serializers.SerializerMethodField()
    verified = serializers.BooleanField(source="is_verified", read_only=True)
    website = serializers.SerializerMethodField()
    logo = serializers.SerializerMethodField()
    logo_thumbnail = serializers.SerializerMethodField(
        help_text="The logo's thumbnail (192 pixels); null until it has been made (seconds)."
    )
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "sector",
            "description",
            "website",
            "logo",
            "logo_thumbnail",
            "logo_alt",
            "district",
            "expertise",
            "verified",
            "verified_at",
            "member_count",
            "web_url",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_expertise(self, organisation: Organisation) -> list[str]:
        return sorted(tag.name for tag in organisation.expertise.all())  # prefetched

    def get_website(self, organisation: Organisation) -> str | None:
        return organisation.website or None

    def get_logo(self, organisation: Organisation) -> str | None:
        if not organisation.logo:
            return None
        return self.context["request"].build_absolute_uri(organisation.logo.url)

    def get_logo_thumbnail(self, organisation: Organisation) -> str | None:
        if not organisation.logo or not organisation.logo_thumbnail:
            return None
        return self.context["request"].build_absolute_uri(organisation.logo_thumbnail.url)

    def get_web_url(self, organisation: Organisation) -> str:
        return self.context["request"].build_absolute_uri(organisation.get_absolute_url())
