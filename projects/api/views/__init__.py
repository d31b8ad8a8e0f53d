"""The projects app's API views, one module per resource (the OpenAPI text is in ../schema.py).
The v1 router imports the view sets and the lookups' patterns from here."""

from .comments import CommentViewSet, ProjectCommentViewSet, SolutionCommentViewSet
from .common import ID, SLUG
from .me import MyFollowViewSet, MySupportViewSet
from .projects import ProjectApiFilter, ProjectViewSet, public_project_rows, visible_projects
from .solutions import (
    PartnershipViewSet,
    ProjectSolutionViewSet,
    SolutionPartnerViewSet,
    SolutionViewSet,
    visible_solutions,
)

__all__ = [
    "ID",
    "SLUG",
    "CommentViewSet",
    "MyFollowViewSet",
    "MySupportViewSet",
    "PartnershipViewSet",
    "ProjectApiFilter",
    "ProjectCommentViewSet",
    "ProjectSolutionViewSet",
    "ProjectViewSet",
    "SolutionCommentViewSet",
    "SolutionPartnerViewSet",
    "SolutionViewSet",
    "public_project_rows",
    "visible_projects",
    "visible_solutions",
]
