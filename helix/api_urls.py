"""/api/: the v1 routes, the OpenAPI schema and its two readers (served locally).

The router sits on the top floor because it imports every app's views.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from api.docs import REDOC_POLICY, RedocView, SwaggerView, with_policy
from api.me.views import MeView
from api.organisations.views import OrganisationViewSet
from api.views import not_found
from evaluation.api.followthrough import MilestoneViewSet, UpdateViewSet
from matchmaking.api.views import (
    CapabilitiesView,
    InterestViewSet,
    InvitationViewSet,
    OrganisationMatchViewSet,
    ProjectMatchViewSet,
    ProjectNeedViewSet,
    ResourceViewSet,
)
from notifications.api.views import NotificationViewSet
from opendata.api.views import OpenDataView
from projects.api.views import (
    ID,
    SLUG,
    CommentViewSet,
    MyFollowViewSet,
    MySupportViewSet,
    PartnershipViewSet,
    ProjectCommentViewSet,
    ProjectSolutionViewSet,
    ProjectViewSet,
    SolutionCommentViewSet,
    SolutionPartnerViewSet,
    SolutionViewSet,
)

router = DefaultRouter()
router.include_format_suffixes = False
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("projects", ProjectViewSet, basename="project")
router.register(
    rf"projects/(?P<project_slug>{SLUG})/solutions",
    ProjectSolutionViewSet,
    basename="project-solution",
)
router.register(
    rf"projects/(?P<project_slug>{SLUG})/comments",
    ProjectCommentViewSet,
    basename="project-comment",
)
router.register(
    rf"projects/(?P<project_slug>{SLUG})/matches", ProjectMatchViewSet, basename="project-match"
)
router.register(
    rf"organisations/(?P<organisation_slug>{SLUG})/matches",
    OrganisationMatchViewSet,
    basename="organisation-match",
)
router.register(
    rf"projects/(?P<project_slug>{SLUG})/milestones", MilestoneViewSet, basename="project-milestone"
)
router.register(
    rf"projects/(?P<project_slug>{SLUG})/updates", UpdateViewSet, basename="project-update"
)
router.register("offers", ResourceViewSet, basename="offer")
router.register("needs", ProjectNeedViewSet, basename="need")
router.register("invitations", InvitationViewSet, basename="invitation")
router.register("interests", InterestViewSet, basename="interest")
router.register("solutions", SolutionViewSet, basename="solution")
router.register("notifications", NotificationViewSet, basename="notification")
router.register(
    rf"solutions/(?P<solution_id>{ID})/comments",
    SolutionCommentViewSet,
    basename="solution-comment",
)
router.register(
    rf"solutions/(?P<solution_id>{ID})/partners",
    SolutionPartnerViewSet,
    basename="solution-partner",
)
router.register("partnerships", PartnershipViewSet, basename="partnership")
router.register("comments", CommentViewSet, basename="comment")
router.register("me/supports", MySupportViewSet, basename="my-support")
router.register("me/follows", MyFollowViewSet, basename="my-follow")

app_name = "api"

v1 = [
    path("me/", MeView.as_view(), name="me"),
    path("open-data/", OpenDataView.as_view(), name="open-data"),
    re_path(
        rf"^organisations/(?P<organisation_slug>{SLUG})/capabilities/$",
        CapabilitiesView.as_view(),
        name="organisation-capabilities",
    ),
    *router.urls,
]

urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path(
        "redoc/",
        with_policy(REDOC_POLICY)(RedocView.as_view(url_name="api:schema")),
        name="redoc",
    ),
    # Anything else under /api/ is a 404 in the API's error shape, not the site's HTML page.
    re_path(r"^", not_found),
]
