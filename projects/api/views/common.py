"""What the projects app's API views share: the lookups' patterns, a visible project by slug,
and the answer to a report."""

from django.shortcuts import get_object_or_404
from rest_framework import status
from rest_framework.response import Response

from projects import selectors, services
from projects.models import Comment, Project, Solution

from ..serializers import (
    ReportCreateSerializer,
    ReportSerializer,
)

SLUG = "[-a-zA-Z0-9_]+"
ID = "[0-9]{1,18}"


def project_for(request, slug: str) -> Project:
    """The project if the caller may see it, else 404."""
    return get_object_or_404(
        Project.objects.visible_to(request.user).select_related("organisation"), slug=slug
    )


def answer_report(request, subject: Comment | Solution) -> Response:
    """Flag a comment or a solution: 201 with the new report, 200 with the caller's open one."""
    serializer = ReportCreateSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    already = selectors.open_report(reporter=request.user, subject=subject)
    report = services.report_create(
        subject=subject, by=request.user, reason=serializer.validated_data["reason"]
    )
    return Response(
        ReportSerializer(report).data,
        status=status.HTTP_200_OK if already else status.HTTP_201_CREATED,
    )
