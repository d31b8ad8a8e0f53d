"""Who may do what in an evaluation: one predicate per rule (django-rules), asked by the views,
the templates, the admin and the services alike.

- The **team** (owners and managers of the project's organisation) and government staff define
  the rubric, invite and assign reviewers, decide on declared conflicts, see every score with
  the reviewers' names, and decide with a rationale.
- A **reviewer** sees only their own assignments; declares before scoring; scores a solution
  only once cleared (no conflict, or allowed by the team) and while the rubric is open; sees the
  other reviewers' scores of a solution (anonymous) only after submitting their own.
- Once the results are **published**, anyone who may see the project reads each solution's
  rationale and aggregate scores per criterion; the solution's lead reads the detailed feedback.
"""

import rules

from organisations.models import MANAGING_ROLES
from organisations.permissions import role_in
from projects.models import Project
from projects.permissions import is_project_manager, is_staff_mover, leads_solution

from .attachments import may_see
from .models import Assignment


def _project_of(obj) -> Project:
    """The project of a project, a solution or an assignment."""
    if isinstance(obj, Project):
        return obj
    if isinstance(obj, Assignment):
        return obj.reviewer.rubric.project
    return obj.project


@rules.predicate
def is_evaluation_team(user, obj) -> bool:
    """On a project, a solution or an assignment: owners and managers of the project's
    organisation."""
    return is_project_manager(user, _project_of(obj))


@rules.predicate
def is_own_assignment(user, assignment: Assignment) -> bool:
    return user.is_authenticated and assignment.reviewer.user_id == user.pk


@rules.predicate
def rubric_is_open(user, assignment: Assignment) -> bool:
    return assignment.reviewer.rubric.is_open


@rules.predicate
def awaits_declaration(user, assignment: Assignment) -> bool:
    return assignment.status == Assignment.Status.TO_DECLARE


@rules.predicate
def is_cleared(user, assignment: Assignment) -> bool:
    return assignment.status == Assignment.Status.CLEARED


@rules.predicate
def is_submitted(user, assignment: Assignment) -> bool:
    return assignment.status == Assignment.Status.SUBMITTED


@rules.predicate
def results_published(user, solution) -> bool:
    rubric = getattr(solution.project, "rubric", None)
    return rubric is not None and rubric.is_published


@rules.predicate
def project_is_visible(user, solution) -> bool:
    return solution.project.status != Project.Status.DRAFT or user.has_perm(
        "projects.view_draft", solution.project
    )


team = is_evaluation_team | is_staff_mover

# On a project.
rules.add_perm("evaluation.manage_rubric", team)
rules.add_perm("evaluation.invite_reviewers", team)
rules.add_perm("evaluation.decide_conflicts", team)
rules.add_perm("evaluation.see_scores", team)  # every score, reviewers named
# On an assignment. (Not "view_assignment": that is the model permission the admin asks.)
rules.add_perm("evaluation.see_assignment", is_own_assignment | team)
rules.add_perm("evaluation.declare", is_own_assignment & awaits_declaration & rubric_is_open)
rules.add_perm("evaluation.score", is_own_assignment & is_cleared & rubric_is_open)
rules.add_perm("evaluation.see_other_scores", is_own_assignment & is_submitted | team)
# On a solution.
rules.add_perm("evaluation.decide", team)
rules.add_perm("evaluation.see_results", team | results_published & project_is_visible)
rules.add_perm("evaluation.see_feedback", team | results_published & leads_solution)


# --- Documents and the cost breakdown (attachments.py says who is in each audience) -----------


@rules.predicate
def may_see_attachment(user, attachment) -> bool:
    return may_see(user, attachment.visibility, attachment.project, attachment.solution)


@rules.predicate
def may_see_cost_breakdown(user, solution) -> bool:
    breakdown = getattr(solution, "cost_breakdown", None)
    return breakdown is not None and may_see(user, breakdown.visibility, solution.project, solution)


@rules.predicate
def manages_accepted_partner(user, solution) -> bool:
    return any(
        role_in(user, partner.organisation) in MANAGING_ROLES
        for partner in solution.partners.filter(status="accepted").select_related("organisation")
    )


@rules.predicate
def may_attach_to_subject(user, attachment) -> bool:
    if attachment.solution_id:
        return user.has_perm("evaluation.attach_to_solution", attachment.solution)
    return user.has_perm("evaluation.attach_to_project", attachment.project)


rules.add_perm("evaluation.download_attachment", may_see_attachment)
rules.add_perm("evaluation.see_cost_breakdown", may_see_cost_breakdown)
rules.add_perm("evaluation.attach_to_project", is_evaluation_team)
rules.add_perm("evaluation.attach_to_solution", leads_solution | manages_accepted_partner)
# Not "delete_attachment": that is the model permission the admin asks (with no object).
rules.add_perm("evaluation.remove_attachment", may_attach_to_subject | is_staff_mover)
rules.add_perm("evaluation.edit_cost_breakdown", leads_solution)
