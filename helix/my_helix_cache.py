"""A person's My Helix kept, per language, until something it shows changes.

Everything of the page but the settings, the profile form and the data panel is the person's
own (what waits for them, their reviews and approaches, what they follow and support, their
projects and solutions, their organisations' projects for you, their organisations and latest
notifications), so it is rendered once and kept in the shared cache under the key of the person,
the language, the time zone and the previous visit (the "new since" counts depend on it), with
the tokens it was built under (`accounts.home_tokens`):

- the person's, each of their organisations', each of their verified addresses' and the shared
  My Helix token, replaced by the receivers below and by the notifications' bulk writes;
- the project pages' token of each project they follow or support (`projects.page_cache`,
  replaced by comments, solutions, status changes... on it): the "new since" counts;
- the tokens of the "Projects for ..." sections it holds (`matchmaking.for_you`).

Each token is read before the rows it covers: the ids it depends on (memberships, addresses,
followed projects) first, then the tokens, then the page's lists. So a change committed while
the page was built replaces a token after it was read, and the copy is never served. With the
cache down every page is built and nothing is stored. The notifications' "Mark as read" forms
are kept with a placeholder where the CSRF token goes: each request puts its own in.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts import home_tokens
from core.cache import current_token
from evaluation.models import Assignment, Reviewer, Rubric
from matchmaking import for_you
from matchmaking.models import Approach
from notifications.models import Notification
from organisations import signals as organisation_signals
from organisations.models import Invitation, Membership, MembershipRequest, Organisation
from projects import page_cache
from projects import signals as project_signals
from projects.models import ConsortiumPartner, Follow, Project, Solution

from .home import UNSHOWN_USER_FIELDS

# A bound on staleness for what changes outside these receivers (raw SQL, a restore), the
# relative times of the notifications and the invitations' expiry.
TIMEOUT = 5 * 60
# What `{% csrf_token %}` writes in the kept copy; each request's own token replaces it. Text
# shown on the page is escaped, so no `"` of it can close this attribute.
KEPT_CSRF = "kept-csrf-token"
PARTS = ("top", "left", "side")


def _key(user, since, language: str) -> str:
    stamp = since.isoformat() if since else "first"
    return f"my-helix:{user.pk}:{language}:{timezone.get_current_timezone_name()}:{stamp}"


def person_dependencies(user) -> list[str]:
    """The tokens known before any row is read: read first, they cover the rows that say which
    organisations, addresses and projects the page depends on."""
    return [
        home_tokens.SHARED_TOKEN_KEY,
        home_tokens.person_token_key(user.pk),
        page_cache.SHARED_TOKEN_KEY,
    ]


def listed_dependencies(*, organisation_ids, emails, project_ids) -> list[str]:
    """The tokens of what the person's rows point at: read before the page's lists."""
    return [
        *(home_tokens.organisation_token_key(pk) for pk in sorted(organisation_ids)),
        *(home_tokens.email_token_key(email) for email in sorted(emails)),
        *(page_cache.token_key(pk) for pk in sorted(project_ids)),
        *for_you.token_keys(sorted(organisation_ids)),
    ]


def kept_parts(request, *, since, build) -> dict:
    """The person's parts of My Helix: kept while every token it was built under holds,
    otherwise `build(read_tokens)` and kept: `build` calls `read_tokens` with the person's
    dependencies before reading any row, with the listed ones before reading the lists, and
    returns the rendered parts."""
    user = request.user
    key = _key(user, since, get_language())
    stored = cache.get(key)
    if stored is not None:
        tokens, parts = stored
        if cache.get_many(list(tokens)) == tokens:
            return _served(request, parts)
    read: dict = {}

    def read_tokens(keys: list[str]) -> None:
        found = cache.get_many(keys)
        read.update({k: current_token(k, found) for k in keys})

    parts = build(read_tokens)
    if read and None not in read.values():
        cache.set(key, (read, parts), TIMEOUT)
    return _served(request, parts)


def _served(request, parts: dict) -> dict:
    field = f'value="{get_token(request)}"'
    return {
        name: mark_safe(html.replace(f'value="{KEPT_CSRF}"', field)) for name, html in parts.items()
    }


# --- Receivers -------------------------------------------------------------------------------


def _user_saved(*, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= UNSHOWN_USER_FIELDS:
        return
    # Their greeting and settings, and their name on others' pages (join requests).
    home_tokens.forget_everyone()


def _of_person(*, instance, **kwargs) -> None:
    """A row of one person's (a membership, a follow, a review, an address)."""
    home_tokens.forget_people(instance.user_id)


def _membership(*, instance, **kwargs) -> None:
    """The member's page, and their organisation's managers' (a join request answered beside it
    with `update()`, the members they manage)."""
    home_tokens.forget_people(instance.user_id)
    home_tokens.forget_organisations(instance.organisation_id)


def _notification(*, instance, **kwargs) -> None:
    home_tokens.forget_people(instance.recipient_id)


def _membership_request(*, instance, **kwargs) -> None:
    home_tokens.forget_people(instance.user_id)
    home_tokens.forget_organisations(instance.organisation_id)


def _invitation(*, instance, **kwargs) -> None:
    home_tokens.forget_email(instance.email)


def _partner(*, instance, **kwargs) -> None:
    home_tokens.forget_organisations(instance.organisation_id)


def _approach(*, instance, **kwargs) -> None:
    """Both sides list it: the organisation that approaches and the project's."""
    project = instance._state.fields_cache.get("project")
    if project is not None:
        project_organisation = project.organisation_id
    else:
        project_organisation = (
            Project.objects.filter(pk=instance.project_id)
            .values_list("organisation_id", flat=True)
            .first()
        )
    home_tokens.forget_organisations(instance.organisation_id, project_organisation)


def _assignment(*, instance, **kwargs) -> None:
    user_id = (
        Reviewer.objects.filter(pk=instance.reviewer_id).values_list("user_id", flat=True).first()
    )
    home_tokens.forget_people(user_id)


def _support(*, by, **kwargs) -> None:
    home_tokens.forget_people(by.pk)


def connect() -> None:
    def on_change(model, receiver, name: str) -> None:
        post_save.connect(receiver, sender=model, dispatch_uid=f"my_helix_{name}_save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"my_helix_{name}_delete")

    # Titles, statuses and names in every list of the page.
    for model in (Project, Solution, Organisation, Rubric):
        on_change(model, home_tokens.forget_everyone, model.__name__)
    user = get_user_model()
    post_save.connect(_user_saved, sender=user, dispatch_uid="my_helix_user_save")
    post_delete.connect(
        home_tokens.forget_everyone, sender=user, dispatch_uid="my_helix_user_delete"
    )
    for model in (Follow, Reviewer):
        on_change(model, _of_person, model.__name__)
    on_change(Membership, _membership, "Membership")
    on_change(Notification, _notification, "Notification")
    on_change(MembershipRequest, _membership_request, "MembershipRequest")
    on_change(Invitation, _invitation, "Invitation")
    on_change(ConsortiumPartner, _partner, "ConsortiumPartner")
    on_change(Approach, _approach, "Approach")
    on_change(Assignment, _assignment, "Assignment")
    # Supports are written in raw SQL: their domain signals.
    project_signals.support_cast.connect(_support, dispatch_uid="my_helix_support")
    project_signals.support_withdrawn.connect(_support, dispatch_uid="my_helix_unsupport")
    # Verification is written with update(): no post_save.
    organisation_signals.organisation_verified.connect(
        home_tokens.forget_everyone, dispatch_uid="my_helix_verified"
    )
    organisation_signals.organisation_unverified.connect(
        home_tokens.forget_everyone, dispatch_uid="my_helix_unverified"
    )
    from allauth.account.models import EmailAddress

    on_change(EmailAddress, _of_person, "EmailAddress")
