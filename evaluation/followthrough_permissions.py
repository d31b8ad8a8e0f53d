"""Who may tell how a project goes on after the decision (issue 15, §3): one predicate per rule.

- The **delivery team** posts updates and keeps the milestones: the owners and managers of the
  project's organisation, and the consortium of each *selected* solution (its lead person, the
  owners and managers of its lead organisation and of its accepted partners), while the project
  is in progress or completed. Government staff may too (moderation of what the public reads).
- **Results** are recorded by the project's owners and managers (or staff) once the project is
  completed: they answer for the budget, the consortium does not.
- Everyone who may see the project reads its milestones, updates and results.
"""

import rules

from organisations.models import MANAGING_ROLES, Membership
from projects.models import ConsortiumPartner, Project, Solution
from projects.permissions import is_project_manager, is_staff_mover


def _selected_consortium(user, project: Project) -> bool:
    """Lead person, or owner/manager of the lead or an accepted partner of a selected solution
    (one query, remembered for the request like `role_in`)."""
    if not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_helix_delivery", {})
    if project.pk not in cache:
        managed = Membership.objects.filter(user=user, role__in=MANAGING_ROLES).values(
            "organisation_id"
        )
        selected = Solution.objects.filter(project_id=project.pk, status=Solution.Status.SELECTED)
        cache[project.pk] = (
            selected.filter(lead_user_id=user.pk).exists()
            or selected.filter(lead_organisation_id__in=managed).exists()
            or ConsortiumPartner.objects.filter(
                solution__in=selected,
                status=ConsortiumPartner.Status.ACCEPTED,
                organisation_id__in=managed,
            ).exists()
        )
    return cache[project.pk]


@rules.predicate
def in_selected_consortium(user, project: Project) -> bool:
    return _selected_consortium(user, project)


@rules.predicate
def is_underway(user, project: Project) -> bool:
    return project.status in (Project.Status.IN_PROGRESS, Project.Status.COMPLETED)


@rules.predicate
def is_completed(user, project: Project) -> bool:
    return project.status == Project.Status.COMPLETED


delivery_team = is_project_manager | in_selected_consortium | is_staff_mover

# On a project.
rules.add_perm("evaluation.post_update", delivery_team & is_underway)
rules.add_perm("evaluation.keep_milestones", delivery_team & is_underway)
rules.add_perm("evaluation.record_results", (is_project_manager | is_staff_mover) & is_completed)
