"""A project's data as CSV for government staff: the project, its solutions, its comments.

UTF-8 with a byte-order mark, so that Excel opens Vietnamese text correctly. The number of
queries does not depend on the number of projects.
"""

import csv
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Sector

from .models import Comment, ConsortiumPartner, Project, Solution

# A cell starting with one of these is a formula to a spreadsheet; comments are public input.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def projects_for_export(queryset: QuerySet[Project]) -> QuerySet[Project]:
    comments = Comment.objects.select_related("author", "hidden_by").order_by("created", "pk")
    solutions = (
        Solution.objects.select_related("lead_organisation", "lead_user")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=ConsortiumPartner.objects.filter(
                    status=ConsortiumPartner.Status.ACCEPTED
                ).select_related("organisation"),
                to_attr="accepted_partners",
            ),
            Prefetch("comments", queryset=comments, to_attr="export_comments"),
        )
        .order_by("created", "pk")
    )
    return queryset.select_related("organisation").prefetch_related(
        Prefetch("solutions", queryset=solutions, to_attr="export_solutions"),
        Prefetch("comments", queryset=comments, to_attr="export_comments"),
    )


def _cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _sector_headers(prefix: str) -> list[str]:
    return [f"{prefix}: {label}" for _value, label in Sector.choices]


def _sector_counts(obj) -> list[int]:
    return [getattr(obj, f"support_{value}") for value in Sector.values]


def _comment_rows(comments: Iterable[Comment], on: str) -> Iterable[list]:
    for comment in comments:
        if comment.is_hidden:
            state = _("hidden: %(reason)s") % {"reason": comment.hidden_reason}
        elif comment.is_deleted:
            state = _("deleted by its author")
        else:
            state = ""
        yield [
            comment.pk,
            comment.parent_id or "",
            on,
            comment.author.display_name or comment.author.email,
            _local(comment.created),
            "" if comment.is_deleted else comment.body,
            state,
        ]


def project_rows(projects: Iterable[Project]) -> Iterable[list]:
    """One section per project: its row, then its solutions, then its comments."""
    supports = _("supports")
    for project in projects:
        yield [_("Project")]
        yield [
            _("title"),
            _("organisation"),
            _("status"),
            _("theme"),
            _("district"),
            _("budget (VND)"),
            _("deadline for solutions"),
            _("published at"),
            supports,
            *_sector_headers(supports),
            _("followers"),
            _("solutions"),
            _("comments"),
        ]
        yield [
            project.title,
            project.organisation.name,
            project.get_status_display(),
            project.get_theme_display(),
            project.get_district_display(),
            project.budget_vnd,
            project.deadline.isoformat() if project.deadline else "",
            _local(project.published_at),
            project.support_count,
            *_sector_counts(project),
            project.follower_count,
            project.solution_count,
            project.comment_count,
        ]
        yield []
        yield [_("Solutions")]
        yield [
            _("title"),
            _("lead"),
            _("partners (accepted)"),
            _("status"),
            supports,
            *_sector_headers(supports),
            _("estimated cost (VND)"),
            _("duration (months)"),
        ]
        for solution in project.export_solutions:
            lead = solution.lead_organisation or solution.lead_user.display_name
            yield [
                solution.title,
                lead,
                "; ".join(p.organisation.name for p in solution.accepted_partners),
                solution.get_status_display(),
                solution.support_count,
                *_sector_counts(solution),
                solution.estimated_cost_vnd,
                solution.duration_months,
            ]
        yield []
        yield [_("Comments")]
        yield [
            _("number"),
            _("reply to"),
            _("on"),
            _("author"),
            _("date"),
            _("text"),
            _("moderation"),
        ]
        yield from _comment_rows(project.export_comments, _("the project"))
        for solution in project.export_solutions:
            yield from _comment_rows(solution.export_comments, solution.title)
        yield []


def export_csv(queryset: QuerySet[Project], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in project_rows(projects_for_export(queryset)):
        writer.writerow([_cell(value) for value in row])
    return response
