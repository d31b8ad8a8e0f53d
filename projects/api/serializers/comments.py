"""Comments and reports as the API shows them, and the input of their writes."""

from rest_framework import serializers

from projects.models import (
    Comment,
    Report,
)
from projects.representations import (
    comment_representation,
)

from .common import PersonSerializer


class CommentSerializer(serializers.ModelSerializer):
    """A comment. Hidden ones show their reason and no text (moderators still see it); deleted
    ones no text."""

    project = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    solution = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    author = PersonSerializer(read_only=True)
    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    deleted = serializers.BooleanField(source="is_deleted", read_only=True)
    edited = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "project",
            "solution",
            "parent",
            "author",
            "body",
            "body_html",
            "hidden",
            "hidden_reason",
            "deleted",
            "edited",
            "created",
        ]
        read_only_fields = fields

    def _shows_text(self, comment: Comment) -> bool:
        if comment.is_deleted:
            return False
        return not comment.is_hidden or self.context.get("can_moderate", False)

    def get_body(self, comment: Comment) -> str | None:
        return comment.body if self._shows_text(comment) else None

    def get_body_html(self, comment: Comment) -> str | None:
        return comment.body_html if self._shows_text(comment) else None

    def get_edited(self, comment: Comment) -> bool:
        return comment.edited_at is not None

    def to_representation(self, comment: Comment) -> dict:
        """projects/representations.py's, which the webhooks share (the declarations above
        stay the schema; a test holds it equal to DRF's own representation)."""
        return comment_representation(comment, can_moderate=self.context.get("can_moderate", False))

    def declared_representation(self, comment: Comment) -> dict:
        return super().to_representation(comment)


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000, help_text="Markdown.")
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Comment.objects.all(),
        allow_null=True,
        required=False,
        help_text="The id of the comment replied to, in the same conversation.",
    )


class CommentEditSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000, help_text="Markdown. The previous text is kept.")


class ReportCreateSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=Report._meta.get_field("reason").max_length,
        help_text="What is wrong, for the moderators.",
    )


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "status", "created"]
        read_only_fields = fields
