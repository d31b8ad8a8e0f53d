"""The projects app's API serializers, one module per resource (their OpenAPI examples are in
../schema.py). The schema's enum names refer to `DECISIONS` here (settings.py)."""

from .comments import (
    CommentCreateSerializer,
    CommentEditSerializer,
    CommentSerializer,
    ReportCreateSerializer,
    ReportSerializer,
)
from .common import MAX_VND, PersonSerializer, SupportsSerializer, ViewerMixin
from .me import (
    MyFollowSerializer,
    MySupportSerializer,
    ProjectSummarySerializer,
    SupportedSolutionSerializer,
)
from .projects import (
    ProjectCreateSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
    TransitionSerializer,
)
from .solutions import (
    DECISIONS,
    ConsortiumPartnerSerializer,
    PartnerInviteSerializer,
    PartnerSerializer,
    PartnershipSerializer,
    SolutionDecisionSerializer,
    SolutionProposeSerializer,
    SolutionSerializer,
    SolutionSummarySerializer,
    SolutionUpdateSerializer,
)

__all__ = [
    "DECISIONS",
    "MAX_VND",
    "CommentCreateSerializer",
    "CommentEditSerializer",
    "CommentSerializer",
    "ConsortiumPartnerSerializer",
    "MyFollowSerializer",
    "MySupportSerializer",
    "PartnerInviteSerializer",
    "PartnerSerializer",
    "PartnershipSerializer",
    "PersonSerializer",
    "ProjectCreateSerializer",
    "ProjectSerializer",
    "ProjectSummarySerializer",
    "ProjectUpdateSerializer",
    "ReportCreateSerializer",
    "ReportSerializer",
    "SolutionDecisionSerializer",
    "SolutionProposeSerializer",
    "SolutionSerializer",
    "SolutionSummarySerializer",
    "SolutionUpdateSerializer",
    "SupportedSolutionSerializer",
    "SupportsSerializer",
    "TransitionSerializer",
    "ViewerMixin",
]
