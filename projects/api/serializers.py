"""Projects, solutions and comments as the API shows them, and the input of their writes.

Read serializers take rows from `with_listing_data()` querysets and never query per row:
counters come from the row, tags and partners from prefetches, the caller's own support and
follow from annotations (`api_supported`, `api_following`). Write serializers only check the
shape of the input; the rules and the saving are the services'.
"""

from typing import Literal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from api.organisations.serializers import OrganisationSummarySerializer
from core.choices import District
from organisations.models import Organisation, Sector
from projects.forms import SolutionForm
from projects.models import (
    Comment,
    ConsortiumPartner,
    Follow,
    Project,
    Report,
    Solution,
    Theme,
    Vote,
)

MAX_VND = 2**63 - 1  # PositiveBigIntegerField's upper bound on every database
SEEKS_FIELDS = {sector: f"seeks_{sector}" for sector in Sector.values}


def _absolute(serializer: serializers.Serializer, path: str) -> str:
    return serializer.context["request"].build_absolute_uri(path)


# What a project's representation reads: lists ask the database for these columns only.
PROJECT_ROW_FIELDS = (
    "id",
    "slug",
    "kind",
    "title",
    "summary",
    "description",
    "description_html",
    "theme",
    "district",
    *SEEKS_FIELDS.values(),
    "budget_vnd",
    "deadline",
    "status",
    "published_at",
    "organisation__slug",
    "organisation__name",
    "organisation__sector",
    "organisation__verified_at",
    "support_count",
    "support_government",
    "support_enterprise",
    "support_academia",
    "support_community",
    "comment_count",
    "solution_count",
    "follower_count",
    "created",
    "modified",
)


def _attribute(instance, path: str):
    for name in path.split("__"):
        instance = getattr(instance, name)
    return instance


def _datetime(value, zone) -> str | None:
    """As DRF's DateTimeField writes it (ISO 8601 in the current time zone, UTC as "Z"), without
    its per-value lookups of the settings and the time zone."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


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


PROJECT_EXAMPLE = {
    "slug": "flood-warnings-for-ward-3",
    "web_url": "https://helix.example.org/projects/flood-warnings-for-ward-3/",
    "kind": "challenge",
    "title": "Flood warnings for ward 3",
    "summary": "Warn residents an hour before the water rises.",
    "description": "Sensors on the **Thị Tính** river.",
    "description_html": "<p>Sensors on the <strong>Thị Tính</strong> river.</p>",
    "theme": "flooding-water",
    "district": "thu-dau-mot",
    "tags": ["flood", "sensors"],
    "seeks": ["enterprise", "academia"],
    "budget_vnd": 1500000000,
    "deadline": "2026-09-30",
    "status": "open",
    "published_at": "2026-03-01T09:00:00+07:00",
    "organisation": {
        "slug": "binh-duong-ioc",
        "name": "Binh Duong Intelligent Operations Centre",
        "sector": "government",
        "verified": True,
    },
    "supports": {
        "total": 45,
        "by_sector": {"government": 2, "enterprise": 5, "academia": 3, "community": 35},
    },
    "comment_count": 12,
    "solution_count": 3,
    "follower_count": 40,
    "supported_by_me": False,
    "following": True,
    "created": "2026-02-20T10:00:00+07:00",
    "modified": "2026-03-01T09:00:00+07:00",
}


@extend_schema_serializer(
    examples=[OpenApiExample("An open challenge", value=PROJECT_EXAMPLE, response_only=True)]
)
class ProjectSerializer(ViewerMixin, serializers.ModelSerializer):
    web_url = serializers.SerializerMethodField()
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

    def get_following(self, project: Project) -> bool | None:
        return getattr(project, "api_following", None)

    def to_representation(self, project: Project) -> dict:
        """The declared fields, built directly: DRF's field-by-field machinery costs more than
        the query on a page of 24 (see the README's performance section). The declarations
        above stay the schema; a test holds this equal to DRF's own representation."""
        row = {name: _attribute(project, name) for name in PROJECT_ROW_FIELDS}
        row["tag_names"] = self.get_tags(project)
        row["api_supported"] = getattr(project, "api_supported", None)
        row["api_following"] = getattr(project, "api_following", None)
        return self.row_representation(row)

    def row_representation(self, row: dict) -> dict:
        """The representation from a row of `.values(*PROJECT_ROW_FIELDS)` with `tag_names`
        (and, for a signed-in caller, `api_supported` and `api_following`): lists read rows,
        not model instances, which costs half as much on a page of 24."""
        url = self.__dict__.get("_project_url")  # one child serializer serves a whole page
        if url is None:
            placeholder = "__slug__"
            url = _absolute(self, reverse("projects:detail", args=[placeholder]))
            url = self._project_url = url.split(placeholder)
            self._zone = timezone.get_current_timezone()
        zone = self._zone
        deadline = row["deadline"]
        return {
            "slug": row["slug"],
            "web_url": row["slug"].join(url),
            "kind": row["kind"],
            "title": row["title"],
            "summary": row["summary"],
            "description": row["description"],
            "description_html": row["description_html"],
            "theme": row["theme"],
            "district": row["district"],
            "tags": sorted(row["tag_names"] or ()),
            "seeks": [sector for sector, field in SEEKS_FIELDS.items() if row[field]],
            "budget_vnd": row["budget_vnd"],
            "deadline": deadline.isoformat() if deadline is not None else None,
            "status": row["status"],
            "published_at": _datetime(row["published_at"], zone),
            "organisation": {
                "slug": row["organisation__slug"],
                "name": row["organisation__name"],
                "sector": row["organisation__sector"],
                "verified": row["organisation__verified_at"] is not None,
            },
            "supports": {
                "total": row["support_count"],
                "by_sector": {
                    "government": row["support_government"],
                    "enterprise": row["support_enterprise"],
                    "academia": row["support_academia"],
                    "community": row["support_community"],
                },
            },
            "comment_count": row["comment_count"],
            "solution_count": row["solution_count"],
            "follower_count": row["follower_count"],
            "supported_by_me": row.get("api_supported"),
            "following": row.get("api_following"),
            "created": _datetime(row["created"], zone),
            "modified": _datetime(row["modified"], zone),
        }

    def declared_representation(self, project: Project) -> dict:
        """DRF's representation from the declarations: the reference the test compares to."""
        return super().to_representation(project)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Edit the budget and the deadline",
            value={"budget_vnd": 2000000000, "deadline": "2026-10-31"},
            request_only=True,
        )
    ]
)
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


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A draft challenge",
            value={
                "organisation": "binh-duong-ioc",
                "kind": "challenge",
                "title": "Flood warnings for ward 3",
                "summary": "Warn residents an hour before the water rises.",
                "description": "Sensors on the **Thị Tính** river.",
                "theme": "flooding-water",
                "district": "thu-dau-mot",
                "tags": ["flood", "sensors"],
                "seeks": ["enterprise", "academia"],
                "budget_vnd": 1500000000,
                "deadline": "2026-09-30",
            },
            request_only=True,
        )
    ]
)
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


class PartnerSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)

    class Meta:
        model = ConsortiumPartner
        fields = ["organisation", "role"]
        read_only_fields = fields


class PersonSerializer(serializers.Serializer):
    display_name = serializers.CharField(read_only=True)


SOLUTION_EXAMPLE = {
    "id": 7,
    "project": "flood-warnings-for-ward-3",
    "web_url": "https://helix.example.org/projects/flood-warnings-for-ward-3/solutions/7/",
    "title": "River sensors and an SMS alert",
    "summary": "Twenty sensors and a text message to every household in the ward.",
    "description": "…",
    "description_html": "<p>…</p>",
    "estimated_cost_vnd": 900000000,
    "duration_months": 6,
    "status": "submitted",
    "lead_user": {"display_name": "Trần Minh"},
    "lead_organisation": {
        "slug": "songflow-technologies",
        "name": "SongFlow Technologies",
        "sector": "enterprise",
        "verified": True,
    },
    "consortium": [
        {
            "organisation": {
                "slug": "thu-dau-mot-university",
                "name": "Thu Dau Mot University",
                "sector": "academia",
                "verified": True,
            },
            "role": "research partner",
        }
    ],
    "supports": {
        "total": 9,
        "by_sector": {"government": 0, "enterprise": 1, "academia": 2, "community": 6},
    },
    "comment_count": 2,
    "supported_by_me": None,
    "created": "2026-03-05T14:00:00+07:00",
    "modified": "2026-03-05T14:00:00+07:00",
}


@extend_schema_serializer(
    examples=[OpenApiExample("A consortium's proposal", value=SOLUTION_EXAMPLE, response_only=True)]
)
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


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "With a university as partner",
            value={
                "lead_organisation": "songflow-technologies",
                "title": "River sensors and an SMS alert",
                "summary": "Twenty sensors and a text message to every household.",
                "description": "Sensors every 500 m along the river…",
                "estimated_cost_vnd": 900000000,
                "duration_months": 6,
                "partners": [
                    {"organisation": "thu-dau-mot-university", "role": "research partner"}
                ],
            },
            request_only=True,
        )
    ]
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


COMMENT_EXAMPLE = {
    "id": 31,
    "project": "flood-warnings-for-ward-3",
    "solution": None,
    "parent": None,
    "author": {"display_name": "Nguyễn Văn An"},
    "body": "Ward 3 floods first, near the market.",
    "body_html": "<p>Ward 3 floods first, near the market.</p>",
    "hidden": False,
    "hidden_reason": "",
    "deleted": False,
    "edited": False,
    "created": "2026-03-02T18:20:00+07:00",
}


@extend_schema_serializer(
    examples=[
        OpenApiExample("A comment", value=COMMENT_EXAMPLE, response_only=True),
        OpenApiExample(
            "A hidden comment",
            value={
                **COMMENT_EXAMPLE,
                "body": None,
                "body_html": None,
                "hidden": True,
                "hidden_reason": "Personal attack.",
            },
            response_only=True,
        ),
    ]
)
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


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A reply", value={"body": "We measured it too.", "parent": 31}, request_only=True
        )
    ]
)
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


# --- Solutions: edit, decide ------------------------------------------------------------------


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A new cost and duration",
            value={"estimated_cost_vnd": 750000000, "duration_months": 8},
            request_only=True,
        )
    ]
)
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


# --- Consortium ---------------------------------------------------------------------------------

PARTNER_EXAMPLE = {
    "id": 12,
    "organisation": {
        "slug": "thu-dau-mot-university",
        "name": "Thu Dau Mot University",
        "sector": "academia",
        "verified": True,
    },
    "role": "research partner",
    "status": "accepted",
    "invited_at": "2026-03-05T14:00:00+07:00",
    "answered_at": "2026-03-06T09:12:00+07:00",
}


@extend_schema_serializer(
    examples=[OpenApiExample("An accepted partner", value=PARTNER_EXAMPLE, response_only=True)]
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


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An invitation to answer",
            value={
                **PARTNER_EXAMPLE,
                "status": "invited",
                "answered_at": None,
                "solution": {
                    "id": 7,
                    "project": "flood-warnings-for-ward-3",
                    "title": "River sensors and an SMS alert",
                    "status": "submitted",
                    "lead_user": {"display_name": "Trần Minh"},
                    "lead_organisation": SOLUTION_EXAMPLE["lead_organisation"],
                    "web_url": SOLUTION_EXAMPLE["web_url"],
                },
            },
            response_only=True,
        )
    ]
)
class PartnershipSerializer(ConsortiumPartnerSerializer):
    """An invitation addressed to an organisation the caller manages, with its solution."""

    solution = SolutionSummarySerializer(read_only=True)

    class Meta(ConsortiumPartnerSerializer.Meta):
        fields = [*ConsortiumPartnerSerializer.Meta.fields, "solution"]
        read_only_fields = fields


# --- Reports ----------------------------------------------------------------------------------


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Flag a comment", value={"reason": "Personal attack on a resident."}, request_only=True
        )
    ]
)
class ReportCreateSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=Report._meta.get_field("reason").max_length,
        help_text="What is wrong, for the moderators.",
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An open report",
            value={"id": 5, "status": "open", "created": "2026-03-02T19:00:00+07:00"},
            response_only=True,
        )
    ]
)
class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "status", "created"]
        read_only_fields = fields


# --- The caller's supports and follows --------------------------------------------------------


class ProjectSummarySerializer(serializers.ModelSerializer):
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["slug", "title", "status", "web_url"]
        read_only_fields = fields

    def get_web_url(self, project: Project) -> str:
        return _absolute(self, project.get_absolute_url())


class SupportedSolutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Solution
        fields = ["id", "title", "status"]
        read_only_fields = fields


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A solution supported as an enterprise's engineer",
            value={
                "subject": "solution",
                "project": {
                    "slug": "flood-warnings-for-ward-3",
                    "title": "Flood warnings for ward 3",
                    "status": "open",
                    "web_url": "https://helix.example.org/projects/flood-warnings-for-ward-3/",
                },
                "solution": {
                    "id": 7,
                    "title": "River sensors and an SMS alert",
                    "status": "submitted",
                },
                "sector": "enterprise",
                "created": "2026-03-06T08:00:00+07:00",
            },
            response_only=True,
        )
    ]
)
class MySupportSerializer(serializers.ModelSerializer):
    """One of the caller's supports: a project, or a solution (with its project)."""

    subject = serializers.SerializerMethodField()
    project = serializers.SerializerMethodField()
    solution = SupportedSolutionSerializer(read_only=True, allow_null=True)
    sector = serializers.ChoiceField(
        choices=Sector.choices,
        read_only=True,
        help_text="The sector the support counts in (fixed when it was given).",
    )

    class Meta:
        model = Vote
        fields = ["subject", "project", "solution", "sector", "created"]
        read_only_fields = fields

    def get_subject(self, vote: Vote) -> Literal["project", "solution"]:
        return "project" if vote.project_id else "solution"

    @extend_schema_field(ProjectSummarySerializer)
    def get_project(self, vote: Vote) -> dict:
        project = vote.project if vote.project_id else vote.solution.project
        return ProjectSummarySerializer(project, context=self.context).data


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A followed project",
            value={
                "project": {
                    "slug": "flood-warnings-for-ward-3",
                    "title": "Flood warnings for ward 3",
                    "status": "open",
                    "web_url": "https://helix.example.org/projects/flood-warnings-for-ward-3/",
                },
                "created": "2026-03-02T18:20:00+07:00",
            },
            response_only=True,
        )
    ]
)
class MyFollowSerializer(serializers.ModelSerializer):
    project = ProjectSummarySerializer(read_only=True)

    class Meta:
        model = Follow
        fields = ["project", "created"]
        read_only_fields = fields
