"""Projects as the API shows them, and the input of their creation, edits and moves.

Read serializers take rows from `with_listing_data()` querysets and never query per row:
counters come from the row, tags from an annotation, the caller's own support and follow from
annotations (`api_supported`, `api_following`); the representation itself is the domain's
(projects/representations.py). Write serializers only check the shape of the input; the rules
and the saving are the services'. The OpenAPI examples are in `../schema.py`.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.organisations.serializers import OrganisationSummarySerializer
from core.choices import District
from organisations.models import Organisation, Sector
from projects.models import (
    Project,
    Theme,
)
from projects.representations import (
    SEEKS_FIELDS,
    ProjectRepresentation,
    picture,
)

from .common import MAX_VND, SupportsSerializer, ViewerMixin, _absolute


class PictureSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="The picture, as uploaded (metadata removed).")
    thumbnail_url = serializers.URLField(
        allow_null=True, help_text="Its thumbnail; null until it has been made (seconds)."
    )
    alt = serializers.CharField(help_text="Its text alternative.")


class ProjectSerializer(ViewerMixin, serializers.ModelSerializer):
    web_url = serializers.SerializerMethodField()
    cover = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    seeks = serializers.ListField(
        source="sectors_sought",
        child=serializers.ChoiceField(choices=Sector.choices),
        read_only=True,
        help_text="The sectors the project seeks partners from.",
    )
    organisation = OrganisationSummarySerializer(read_only=True)
    supports = SupportsSerializer(source="*", read_only=True)
    following = serializers.SerializerMethodField(
        help_text="Whether the caller follows it; null when not signed in."
    )

    class Meta:
        model = Project
        fields = [
            "slug",
            "web_url",
            "kind",
            "title",
            "summary",
            "description",
            "description_html",
            "theme",
            "district",
            "tags",
            "seeks",
            "budget_vnd",
            "deadline",
            "status",
            "published_at",
            "cover",
            "organisation",
            "supports",
            "comment_count",
            "solution_count",
            "follower_count",
            "supported_by_me",
            "following",
            "created",
            "modified",
        ]
        read_only_fields = fields

    def get_web_url(self, project: Project) -> str:
        return _absolute(self, project.get_absolute_url())

    def get_tags(self, project: Project) -> list[str]:
        names = getattr(project, "tag_names", None)  # selectors.with_tag_names
        return sorted(names) if names is not None else sorted(t.name for t in project.tags.all())

    @extend_schema_field(PictureSerializer(allow_null=True))
    def get_cover(self, project: Project) -> dict | None:
        return picture(
            self.context["request"].build_absolute_uri,
            project.cover.storage,
            project.cover.name,
            project.cover_thumbnail.name,
            project.cover_alt,
        )

    def get_following(self, project: Project) -> bool | None:
        return getattr(project, "api_following", None)

    def _representation(self) -> ProjectRepresentation:
        found = self.__dict__.get("_project_representation")  # one serves a whole page
        if found is None:
            found = self._project_representation = ProjectRepresentation(
                self.context["request"].build_absolute_uri
            )
        return found

    def to_representation(self, project: Project) -> dict:
        """projects/representations.py's, which the webhooks share: the declarations above
        stay the schema; a test holds it equal to DRF's own representation."""
        return self._representation().of(project)

    def row_representation(self, row: dict) -> dict:
        """The representation from a row of `.values(*PROJECT_ROW_FIELDS)` (lists)."""
        return self._representation().from_row(row)

    def declared_representation(self, project: Project) -> dict:
        """DRF's representation from the declarations: the reference the test compares to."""
        return super().to_representation(project)


class ProjectUpdateSerializer(serializers.Serializer):
    """The fields of a project's form on the site; send only those that change (PATCH)."""

    kind = serializers.ChoiceField(choices=Project.Kind.choices, required=False)
    title = serializers.CharField(max_length=160)
    summary = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=20_000, help_text="Markdown.")
    theme = serializers.ChoiceField(choices=Theme.choices)
    district = serializers.ChoiceField(choices=District.choices)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100), max_length=20, required=False
    )
    seeks = serializers.ListField(
        child=serializers.ChoiceField(choices=Sector.choices),
        required=False,
        help_text="The sectors sought as partners.",
    )
    budget_vnd = serializers.IntegerField(
        min_value=0, max_value=MAX_VND, allow_null=True, required=False
    )
    deadline = serializers.DateField(allow_null=True, required=False)

    def service_fields(self) -> dict:
        """validated_data as the services take it: `seeks` becomes the four booleans."""
        fields = dict(self.validated_data)
        if "seeks" in fields:
            sought = set(fields.pop("seeks"))
            fields.update({field: sector in sought for sector, field in SEEKS_FIELDS.items()})
        return fields


class ProjectCreateSerializer(ProjectUpdateSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text="The slug of an organisation the caller belongs to.",
    )


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=Project.Status.choices,
        help_text="draft → open → in_review → in_progress → completed, or archived; "
        "in_review may go back to open.",
    )
