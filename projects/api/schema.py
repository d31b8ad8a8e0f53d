"""The OpenAPI text of the projects app's API: summaries, descriptions, parameters and examples,
kept beside the views (views/) that apply them (`@schema.PROJECT`, `@schema.SOLUTION_WITHDRAW`)
so that those read as code. drf-spectacular reads them from the decorators; the schema they make
is held by tests/api/test_schema.py.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)

from .serializers import (
    CommentCreateSerializer,
    CommentEditSerializer,
    CommentSerializer,
    ConsortiumPartnerSerializer,
    MyFollowSerializer,
    MySupportSerializer,
    PartnerInviteSerializer,
    PartnershipSerializer,
    ProjectCreateSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
    ReportCreateSerializer,
    ReportSerializer,
    SolutionDecisionSerializer,
    SolutionProposeSerializer,
    SolutionSerializer,
    SolutionUpdateSerializer,
    TransitionSerializer,
)


def _chain(*decorators):
    """Several decorators as one, applied as if stacked in this order (the last first)."""

    def apply(target):
        for decorator in reversed(decorators):
            target = decorator(target)
        return target

    return apply


SUPPORT_DOC = {
    "post": "Support it (once per person; again changes nothing). Refused (403) on drafts, "
    "archived projects and withdrawn solutions.",
    "delete": "Withdraw the caller's support, if any.",
}


PROJECT_SLUG = OpenApiParameter(
    "project_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The project's slug."
)
SOLUTION_ID = OpenApiParameter(
    "solution_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The solution's id."
)


def _id(description: str) -> OpenApiParameter:
    return OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=description)


REPORT_DOC = (
    "Signed-in people flag it for the moderators. The same person's report that is still open "
    "is answered again (200, its reason unchanged) instead of a second one (201)."
)
REPORT_RESPONSES = {
    201: OpenApiResponse(ReportSerializer, description="A new report."),
    200: OpenApiResponse(
        ReportSerializer, description="The caller's open report on it, already there."
    ),
}


PARTNERSHIP_ID = _id("The invitation's id (`id` in the list).")
ANSWER_DOC = (
    "An owner or manager of the invited organisation answers, once. Others get 404, as on the site."
)


COMMENT_CREATE_DOC = (
    "Signed-in people comment on published projects that are not archived. Send `parent` to "
    "reply. The caller then follows the project."
)


def _support(subject: str, answer) -> object:
    """Support and withdraw a support: the same for a project and a solution."""
    return _chain(
        extend_schema(
            methods=["post"],
            summary=f"Support a {subject}",
            description=SUPPORT_DOC["post"],
            request=None,
            responses={200: answer},
        ),
        extend_schema(
            methods=["delete"],
            summary=f"Withdraw one's support for a {subject}",
            description=SUPPORT_DOC["delete"],
            request=None,
            responses={204: None},
        ),
    )


def _conversation(subject: str, parameter: OpenApiParameter) -> object:
    """A project's or a solution's comments: list them, comment or reply."""
    return extend_schema_view(
        list=extend_schema(summary=f"A {subject}'s comments", parameters=[parameter]),
        create=extend_schema(
            summary=f"Comment on a {subject}, or reply",
            description=COMMENT_CREATE_DOC,
            parameters=[parameter],
            request=CommentCreateSerializer,
            responses={201: CommentSerializer},
        ),
    )


PROJECT = extend_schema_view(
    list=extend_schema(
        summary="List projects",
        description="Published projects for everyone; drafts too for the members of their "
        "organisation and for government staff. Filters as on the site; the words of `q` are "
        "found whatever their diacritics (`ngap lut` finds `ngập lụt`).",
    ),
    retrieve=extend_schema(summary="One project"),
    create=extend_schema(
        summary="Create a draft project",
        description="For an organisation the caller belongs to. It starts as a draft; "
        "publish it with the transition to `open` (the organisation must be verified).",
        request=ProjectCreateSerializer,
        responses={201: ProjectSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit a project",
        description="Owners and managers of its organisation (and the author of a draft).",
        request=ProjectUpdateSerializer,
        responses={200: ProjectSerializer},
    ),
)


PROJECT_TRANSITION = extend_schema(
    summary="Move a project along its lifecycle",
    description="Publishing a draft (to `open`) is for any member of a verified "
    "organisation; every other move for its owners and managers, and government staff.",
    request=TransitionSerializer,
    responses={200: ProjectSerializer},
)


PROJECT_SUPPORT = _support("project", ProjectSerializer)


PROJECT_FOLLOW = _chain(
    extend_schema(
        methods=["post"],
        summary="Follow a project",
        description="Be told what happens to it. Published projects only.",
        request=None,
        responses={200: ProjectSerializer},
    ),
    extend_schema(
        methods=["delete"],
        summary="Stop following a project",
        request=None,
        responses={204: None},
    ),
)


PROJECT_SOLUTION = extend_schema_view(
    list=extend_schema(
        summary="A project's solutions",
        description="Every solution except withdrawn ones, as on the project's page.",
        parameters=[PROJECT_SLUG],
    ),
    create=extend_schema(
        summary="Propose a solution",
        description="While the project is open and until the end of its deadline day. Alone "
        "or for an organisation the caller belongs to; partners are invited and appear once "
        "they accept.",
        parameters=[PROJECT_SLUG],
        request=SolutionProposeSerializer,
        responses={201: SolutionSerializer},
    ),
)


SOLUTION = _chain(
    extend_schema_view(
        retrieve=extend_schema(summary="One solution, with its consortium"),
        partial_update=extend_schema(
            summary="Edit a solution",
            description="Its lead (the person who proposed it, or the owners and managers of the "
            "lead organisation), while it is submitted or shortlisted.",
            request=SolutionUpdateSerializer,
            responses={200: SolutionSerializer},
        ),
    ),
    extend_schema(parameters=[_id("The solution's id.")]),
)


SOLUTION_WITHDRAW = extend_schema(
    summary="Withdraw a solution",
    description="Its lead, while it is submitted or shortlisted. It stays readable, "
    "marked `withdrawn`, and leaves the project's list.",
    request=None,
    responses={200: SolutionSerializer},
)


SOLUTION_DECISION = extend_schema(
    summary="Shortlist, select or not select a solution",
    description="The owners and managers of the project's organisation, and government "
    "staff, while the project is open, in review or in progress.",
    request=SolutionDecisionSerializer,
    responses={200: SolutionSerializer},
    examples=[OpenApiExample("Shortlist", value={"to": "shortlisted"}, request_only=True)],
)


SOLUTION_SUPPORT = _support("solution", SolutionSerializer)


SOLUTION_REPORT = extend_schema(
    summary="Report a solution",
    description=REPORT_DOC,
    request=ReportCreateSerializer,
    responses=REPORT_RESPONSES,
)


SOLUTION_PARTNER = extend_schema_view(
    list=extend_schema(
        summary="A solution's consortium",
        description="The partners who accepted, for everyone. The solution's lead also sees "
        "the invitations still waiting and the declined ones, as on the site.",
        parameters=[SOLUTION_ID],
    ),
    create=extend_schema(
        summary="Invite an organisation into the consortium",
        description="The solution's lead, while it is submitted or shortlisted. The "
        "organisation must be verified; its owners and managers answer the invitation "
        "(`/partnerships/`), and it appears in the consortium once it accepts.",
        parameters=[SOLUTION_ID],
        request=PartnerInviteSerializer,
        responses={201: ConsortiumPartnerSerializer},
        examples=[
            OpenApiExample(
                "Invite a university",
                value={"organisation": "thu-dau-mot-university", "role": "research partner"},
                request_only=True,
            )
        ],
    ),
)


PARTNERSHIP = extend_schema_view(
    list=extend_schema(
        summary="Consortium invitations to my organisations",
        description="The invitations addressed to the organisations the caller owns or "
        "manages, answered or not (filter by `status`), newest first.",
    )
)


PARTNERSHIP_ACCEPT = extend_schema(
    summary="Accept an invitation into a consortium",
    description=ANSWER_DOC + " The organisation then appears in the solution's consortium.",
    parameters=[PARTNERSHIP_ID],
    request=None,
    responses={200: PartnershipSerializer},
)


PARTNERSHIP_DECLINE = extend_schema(
    summary="Decline an invitation into a consortium",
    description=ANSWER_DOC,
    parameters=[PARTNERSHIP_ID],
    request=None,
    responses={200: PartnershipSerializer},
)


PROJECT_COMMENT = _conversation("project", PROJECT_SLUG)


SOLUTION_COMMENT = _conversation("solution", SOLUTION_ID)


COMMENT = _chain(
    extend_schema_view(
        retrieve=extend_schema(
            summary="One comment",
            description="A comment on a project or a solution the caller may see (others' drafts "
            "are 404).",
        ),
        partial_update=extend_schema(
            summary="Edit one's comment",
            description="Its author, while it is neither hidden nor deleted. The previous text is "
            "kept in its history.",
            request=CommentEditSerializer,
            responses={200: CommentSerializer},
            examples=[
                OpenApiExample(
                    "A correction", value={"body": "Ward 4 floods first."}, request_only=True
                )
            ],
        ),
        destroy=extend_schema(
            summary="Delete one's comment",
            description="Its author, while it is neither hidden nor deleted. The text goes; the "
            "comment keeps its place in the thread (`deleted: true`) and its replies stay.",
            responses={204: None},
        ),
    ),
    extend_schema(parameters=[_id("The comment's id.")]),
)


COMMENT_REPORT = extend_schema(
    summary="Report a comment",
    description=REPORT_DOC,
    request=ReportCreateSerializer,
    responses=REPORT_RESPONSES,
)


MY_SUPPORT = extend_schema_view(
    list=extend_schema(
        summary="What I support",
        description="The caller's supports, projects and solutions together, newest first, "
        "with the sector each one counts in.",
    )
)


MY_FOLLOW = extend_schema_view(
    list=extend_schema(
        summary="The projects I follow",
        description="Newest first. Following is automatic on creating a project, proposing a "
        "solution or commenting.",
    )
)


# --- Examples of the serializers' representations and inputs -----------------------------------
# Applied to the serializers here, in the order they were declared (a subclass copies its parent's).

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

extend_schema_serializer(
    examples=[OpenApiExample("An open challenge", value=PROJECT_EXAMPLE, response_only=True)]
)(ProjectSerializer)
extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Edit the budget and the deadline",
            value={"budget_vnd": 2000000000, "deadline": "2026-10-31"},
            request_only=True,
        )
    ]
)(ProjectUpdateSerializer)
extend_schema_serializer(
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
)(ProjectCreateSerializer)
extend_schema_serializer(
    examples=[OpenApiExample("A consortium's proposal", value=SOLUTION_EXAMPLE, response_only=True)]
)(SolutionSerializer)
extend_schema_serializer(
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
)(SolutionProposeSerializer)
extend_schema_serializer(
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
)(CommentSerializer)
extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A reply", value={"body": "We measured it too.", "parent": 31}, request_only=True
        )
    ]
)(CommentCreateSerializer)
extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A new cost and duration",
            value={"estimated_cost_vnd": 750000000, "duration_months": 8},
            request_only=True,
        )
    ]
)(SolutionUpdateSerializer)
extend_schema_serializer(
    examples=[OpenApiExample("An accepted partner", value=PARTNER_EXAMPLE, response_only=True)]
)(ConsortiumPartnerSerializer)
extend_schema_serializer(
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
)(PartnershipSerializer)
extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Flag a comment", value={"reason": "Personal attack on a resident."}, request_only=True
        )
    ]
)(ReportCreateSerializer)
extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An open report",
            value={"id": 5, "status": "open", "created": "2026-03-02T19:00:00+07:00"},
            response_only=True,
        )
    ]
)(ReportSerializer)
extend_schema_serializer(
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
)(MySupportSerializer)
extend_schema_serializer(
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
)(MyFollowSerializer)
