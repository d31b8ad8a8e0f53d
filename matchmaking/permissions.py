"""Who may edit what matchmaking shows: one predicate per rule (django-rules).

An organisation's capability profile and resources: its owners and managers. A project's needs:
the owners and managers of the project's organisation. Staff with the model permission edit
both in the admin (through the same services).
"""

import rules

from organisations.permissions import is_manager


@rules.predicate
def manages_resource_organisation(user, resource) -> bool:
    return is_manager(user, resource.organisation)


@rules.predicate
def manages_need_project(user, need) -> bool:
    return is_manager(user, need.project.organisation)


@rules.predicate
def manages_project_organisation(user, project) -> bool:
    return is_manager(user, project.organisation)


@rules.predicate
def is_resource_staff(user) -> bool:
    """Staff allowed to change resources in the admin."""
    return user.is_staff and user.has_perm("matchmaking.change_resource")


@rules.predicate
def is_need_staff(user) -> bool:
    """Staff allowed to change projects' needs in the admin."""
    return user.is_staff and user.has_perm("matchmaking.change_projectneed")


# On an organisation: its profile and adding resources; on a resource: changing it.
rules.add_perm("matchmaking.edit_capabilities", is_manager | is_resource_staff)
rules.add_perm("matchmaking.edit_resource", manages_resource_organisation | is_resource_staff)
# On a project: adding needs; on a need: changing it.
rules.add_perm("matchmaking.edit_needs", manages_project_organisation | is_need_staff)
rules.add_perm("matchmaking.edit_need", manages_need_project | is_need_staff)
