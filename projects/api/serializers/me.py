"""The caller's own supports and follows."""

from typing import Literal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from organisations.models import Sector
from projects.models import (
    Follow,
    Project,
    Solution,
    Vote,
)

from .common import _absolute


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


class MyFollowSerializer(serializers.ModelSerializer):
    project = ProjectSummarySerializer(read_only=True)

    class Meta:
        model = Follow
        fields = ["project", "created"]
        read_only_fields = fields
