"""What the projects app's serializers share: supports by sector, the caller's own marks, a
person, absolute links.
"""

from rest_framework import serializers

MAX_VND = 2**63 - 1  # PositiveBigIntegerField's upper bound on every database


def _absolute(serializer: serializers.Serializer, path: str) -> str:
    return serializer.context["request"].build_absolute_uri(path)


class SectorCountsSerializer(serializers.Serializer):
    government = serializers.IntegerField(source="support_government")
    enterprise = serializers.IntegerField(source="support_enterprise")
    academia = serializers.IntegerField(source="support_academia")
    community = serializers.IntegerField(source="support_community")


class SupportsSerializer(serializers.Serializer):
    """Supports in total and by the supporters' sector (citizens count as community)."""

    total = serializers.IntegerField(source="support_count")
    by_sector = SectorCountsSerializer(source="*")


class ViewerMixin(serializers.Serializer):
    supported_by_me = serializers.SerializerMethodField(
        help_text="Whether the caller supports it; null when not signed in."
    )

    def get_supported_by_me(self, obj) -> bool | None:
        return getattr(obj, "api_supported", None)


class PersonSerializer(serializers.Serializer):
    display_name = serializers.CharField(source="public_name", read_only=True)
