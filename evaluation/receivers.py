"""Reactions to other apps' signals. `EvaluationConfig.ready()` connects them."""

from . import services


def email_confirmed(sender, *, request, email_address, **kwargs) -> None:
    """allauth: an address was confirmed; the reviewer invitations to it attach to its account."""
    services.reviewer_attach(user=email_address.user, email=email_address.email)


def solution_submitted(sender, *, solution, by, **kwargs) -> None:
    """projects: a new solution goes to the reviewers already invited."""
    services.solution_arrived(solution=solution)
