"""The follow-through's part of the project page: milestones, overall progress (a bar and a
small SVG timeline with its table), updates and results, in a constant number of queries."""

from django import template

from projects.models import Project

from .. import followthrough

register = template.Library()
CHART_WIDTH = 600  # the SVG's own units; it scales to the column
MARGIN = 12
SHOWN_IN = (Project.Status.IN_PROGRESS, Project.Status.COMPLETED, Project.Status.ARCHIVED)


def _chart(milestones) -> dict:
    """Each milestone a dot placed by its due date between the first and the last."""
    first, last = milestones[0].due_on, milestones[-1].due_on
    span = max((last - first).days, 1)
    usable = CHART_WIDTH - 2 * MARGIN
    points = []
    for milestone in milestones:
        x = MARGIN + round(usable * (milestone.due_on - first).days / span)
        if len(milestones) == 1:
            x = CHART_WIDTH // 2
        state = "late" if milestone.is_late else milestone.status
        points.append({"x": x, "state": state})
    return {"width": CHART_WIDTH, "end": CHART_WIDTH - MARGIN // 2, "points": points}


@register.inclusion_tag("evaluation/includes/timeline.html", takes_context=True)
def project_followthrough(context, project):
    if project.status not in SHOWN_IN:
        return {"shown": False}
    user = context["user"]
    timeline = followthrough.timeline_of(project)
    results = timeline.results
    share = None
    if results and results.budget_used_vnd is not None and project.budget_vnd:
        share = round(100 * results.budget_used_vnd / project.budget_vnd)
    return {
        "shown": True,
        "project": project,
        "timeline": timeline,
        "chart": _chart(timeline.milestones) if timeline.milestones else None,
        "budget_share": share,
        "may_manage": user.has_perm("evaluation.post_update", project)
        or user.has_perm("evaluation.record_results", project),
    }
