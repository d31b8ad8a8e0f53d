"""Who may do what with projects, solutions and comments: one predicate per rule (django-rules).

Views, templates, the admin and the API ask `user.has_perm(name, obj)`. Moderation and staff
lifecycle moves are model permissions held by the "Government staff" group.
"""

import rules
from django.utils import timezone

from organisations.models import MANAGING_ROLES
from organisations.permissions import role_in

from .models import Comment, ConsortiumPartner, Project, Solution, is_government_staff


def _manages(user, organisation) -> bool:
    return organisation is not None and role_in(user, organisation) in MANAGING_ROLES


@rules.predicate
def is_project_manager(user, project: Project) -> bool:
    """Owners and managers of the project's organisation."""
    return _manages(user, project.organisation)


@rules.predicate
def is_project_member(user, project: Project) -> bool:
    return role_in(user, project.organisation) is not None


@rules.predicate
def is_draft_author(user, project: Project) -> bool:
    return project.status == Project.Status.DRAFT and project.created_by_id == user.pk


@rules.predicate
def is_archived(user, project: Project) -> bool:
    return project.status == Project.Status.ARCHIVED


# Government staff (models.is_government_staff, which `visible_to` uses too).
is_staff_mover = rules.predicate(is_government_staff, name="is_staff_mover")


@rules.predicate
def is_published(user, project: Project) -> bool:
    return project.status != Project.Status.DRAFT


@rules.predicate
def is_participating(user, project: Project) -> bool:
    """Open to supports, comments and follows: published and not archived."""
    return project.status not in (Project.Status.DRAFT, Project.Status.ARCHIVED)


@rules.predicate
def accepts_solutions(user, project: Project) -> bool:
    return project.status == Project.Status.OPEN and (
        project.deadline is None or project.deadline >= timezone.localdate()
    )


@rules.predicate
def leads_solution(user, solution: Solution) -> bool:
    return solution.lead_user_id == user.pk or _manages(user, solution.lead_organisation)


@rules.predicate
def solution_is_active(user, solution: Solution) -> bool:
    return solution.status in (Solution.Status.SUBMITTED, Solution.Status.SHORTLISTED)


@rules.predicate
def manages_solution_project(user, solution: Solution) -> bool:
    return _manages(user, solution.project.organisation)


@rules.predicate
def manages_partner(user, partner: ConsortiumPartner) -> bool:
    return _manages(user, partner.organisation)


@rules.predicate
def wrote_comment(user, comment: Comment) -> bool:
    return comment.author_id == user.pk


@rules.predicate
def comment_is_live(user, comment: Comment) -> bool:
    return not comment.is_hidden and not comment.is_deleted


@rules.predicate
def is_person(user) -> bool:
    """Not an organisation's API account: supports and follows are people's own."""
    return user.is_authenticated and not user.is_api_account


@rules.predicate
def member_of_a_verified_organisation(user) -> bool:
    return (
        user.is_authenticated
        and user.memberships.filter(organisation__verified_at__isnull=False).exists()
    )


rules.add_perm("projects.create_project", member_of_a_verified_organisation)
rules.add_perm("projects.view_draft", is_project_member | is_staff_mover)
rules.add_perm("projects.edit_project", is_project_manager & ~is_archived | is_draft_author)
rules.add_perm("projects.publish_project", is_project_member | is_staff_mover)
rules.add_perm("projects.move_project", is_project_manager | is_staff_mover)
rules.add_perm("projects.propose_solution", rules.is_authenticated & accepts_solutions)
rules.add_perm("projects.support_project", is_person & is_participating)
rules.add_perm("projects.withdraw_support", is_person)
rules.add_perm("projects.follow_project", is_person & is_published)
rules.add_perm("projects.unfollow_project", is_person)
rules.add_perm("projects.comment_project", rules.is_authenticated & is_participating)
rules.add_perm("projects.edit_solution", leads_solution & solution_is_active)
rules.add_perm("projects.withdraw_solution", leads_solution & solution_is_active)
rules.add_perm("projects.view_all_partners", leads_solution)
rules.add_perm("projects.decide_solution", manages_solution_project | is_staff_mover)
rules.add_perm("projects.answer_partnership", manages_partner)
rules.add_perm("projects.edit_comment", wrote_comment & comment_is_live)
rules.add_perm("projects.delete_own_comment", wrote_comment & comment_is_live)
