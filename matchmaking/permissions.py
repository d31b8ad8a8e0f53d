"""Who may edit what matchmaking shows: one predicate per rule (django-rules).

An organisation's capability profile and resources: its owners and managers. A project's needs:
the owners and managers of the project's organisation. Staff with the model permission edit
both in the admin (through the same services).
"""

import rules

from organisations.permissions import is_manager, role_in


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


# --- Acting on a match: invitations to propose and expressions of interest ------------------


@rules.predicate
def is_approach_staff(user) -> bool:
    """Staff allowed to change invitations and interests (the "Government staff" group): they
    see every one, invite for a project, and answer or withdraw on someone's behalf."""
    return user.is_staff and user.has_perm("matchmaking.change_approach")


@rules.predicate
def is_verified_member(user, organisation) -> bool:
    """Any member (not only a manager) of a verified organisation speaks for its interest."""
    return organisation.is_verified and role_in(user, organisation) is not None


@rules.predicate
def answers_approach(user, approach) -> bool:
    """The other side's owners and managers: the invited organisation's, or the project's."""
    return is_manager(user, approach.answering_organisation)


@rules.predicate
def sent_approach(user, approach) -> bool:
    """Who sent it, or a manager of the side that sent it."""
    if approach.sent_by_id is not None and approach.sent_by_id == user.pk:
        return True
    sender = approach.project.organisation if approach.is_invitation else approach.organisation
    return is_manager(user, sender)


@rules.predicate
def is_pending(user, approach) -> bool:
    return approach.status == approach.Status.PENDING


@rules.predicate
def on_either_side(user, approach) -> bool:
    return (
        role_in(user, approach.organisation) is not None
        or role_in(user, approach.project.organisation) is not None
    )


@rules.predicate
def is_accepted(user, approach) -> bool:
    return approach.status == approach.Status.ACCEPTED


# On a project: inviting an organisation to propose.
rules.add_perm("matchmaking.invite", manages_project_organisation | is_approach_staff)
# On an organisation: expressing its interest in a project.
rules.add_perm("matchmaking.express_interest", is_verified_member)
# On an approach:
rules.add_perm("matchmaking.see_approach", on_either_side | is_approach_staff)
# Every invitation and interest, not only one's own organisations' (the API's lists for staff).
rules.add_perm("matchmaking.see_all_approaches", is_approach_staff)
rules.add_perm("matchmaking.answer_approach", is_pending & (answers_approach | is_approach_staff))
rules.add_perm("matchmaking.withdraw_approach", is_pending & (sent_approach | is_approach_staff))
# The two sides' contact persons: to both sides, once accepted; never to anyone else.
rules.add_perm("matchmaking.see_contacts", is_accepted & on_either_side)
