"""The documents panel of the project page and the solution page: only what the person may see
(`attachments.visibilities_for`), in a constant number of queries."""

from django import template

from projects.models import Project

from .. import attachments
from ..models import CostBreakdown

register = template.Library()


@register.inclusion_tag("evaluation/includes/documents_panel.html", takes_context=True)
def documents(context, subject):
    user = context["user"]
    is_solution = not isinstance(subject, Project)
    perm = "evaluation.attach_to_solution" if is_solution else "evaluation.attach_to_project"
    breakdown = None
    if is_solution:
        breakdown = CostBreakdown.objects.filter(solution=subject).first()
        if breakdown and not attachments.may_see(
            user, breakdown.visibility, subject.project, subject
        ):
            breakdown = None
    return {
        "subject": subject,
        "is_solution": is_solution,
        "documents": attachments.visible_attachments(user, subject),
        "breakdown": breakdown,
        "manages": user.is_authenticated and user.has_perm(perm, subject),
    }
