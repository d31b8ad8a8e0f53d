"""The evaluation's parts of pages it does not own: the project page and the solution page
include them (`{% load evaluation_tags %}`), each in a constant number of queries."""

from django import template

from .. import selectors
from ..models import Reviewer, Rubric

register = template.Library()
BAR_WIDTH = 200  # px, the longest bar of the per-criterion chart


@register.inclusion_tag("evaluation/includes/project_panel.html", takes_context=True)
def project_evaluation(context, project):
    """Links to the evaluation: the board for the team, the reviewer's list for reviewers."""
    user = context["user"]
    manages = user.has_perm("evaluation.manage_rubric", project)
    reviews = (
        user.is_authenticated
        and Reviewer.objects.filter(user=user, rubric__project=project).exists()
    )
    rubric = Rubric.objects.filter(project=project).first() if manages else None
    return {"project": project, "manages": manages, "reviews": reviews, "rubric": rubric}


@register.inclusion_tag("evaluation/includes/my_reviews.html", takes_context=True)
def my_reviews(context, reviews=None):
    """On My Helix: the projects the person reviews for, with what waits for them (`reviews`:
    the person's `selectors.reviews_of` when the page has read them already)."""
    if reviews is None:
        reviews = selectors.reviews_of(context["user"])
    return {"reviews": list(reviews)}


@register.inclusion_tag("evaluation/includes/solution_panel.html", takes_context=True)
def solution_evaluation(context, solution):
    """A solution's published evaluation: rationale, scores per criterion (a chart and its
    table), and for its lead and the team each reviewer's scores and comments."""
    user = context["user"]
    if not user.has_perm("evaluation.see_results", solution):
        return {"shown": False}
    results = selectors.solution_results(solution)
    if results is None:
        return {"shown": False}
    result = results.result
    rows = []
    for n, criterion in enumerate(results.criteria):
        aggregate = result.by_criterion.get(criterion.pk) if result else None
        mean = aggregate.mean if aggregate else None
        rows.append(
            {
                "criterion": criterion,
                "aggregate": aggregate,
                "y": 8 + n * 34,
                "width": round(BAR_WIDTH * mean / criterion.scale) if mean else 0,
            }
        )
    sees_names = user.has_perm("evaluation.see_scores", solution.project)
    return {
        "shown": True,
        "solution": solution,
        "results": results,
        "result": result,
        "rows": rows,
        "chart_height": 16 + 34 * len(rows),
        "bar_width": BAR_WIDTH,
        "published": results.rubric.is_published,
        "feedback": results.feedback if user.has_perm("evaluation.see_feedback", solution) else [],
        "sees_names": sees_names,
    }
