"""Notifications as the API shows them: the text and link in the caller's language."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from notifications.models import Kind, Notification
from notifications.texts import describe


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    text = serializers.SerializerMethodField(help_text="What happened, in the caller's language.")
    web_url = serializers.SerializerMethodField(help_text="The page of what it is about.")
    actor = serializers.SerializerMethodField(help_text="Who acted; null if no one or deleted.")
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "web_url", "actor", "created", "read", "read_at"]
        read_only_fields = fields

    def get_text(self, obj: Notification) -> str:
        return describe(obj)

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_web_url(self, obj: Notification) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    def get_actor(self, obj: Notification) -> str | None:
        return obj.event.actor.display_name if obj.event.actor else None

    def get_read(self, obj: Notification) -> bool:
        return obj.is_read


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread.")
