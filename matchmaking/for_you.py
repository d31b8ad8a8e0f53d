"""My Helix's "Projects for ..." sections: each organisation's rendered once and kept.

An organisation's section (its five best open projects, each with its reasons and either the
state of the organisation's invitation or interest or a link to the interest form) is the same
for every member of it: who may express its interest is any member of a verified organisation
(`permissions.is_verified_member`), and everyone reading My Helix is a member of each
organisation listed there. So it is rendered once per organisation and language and kept in the
shared cache with the two tokens it was built under:

- the organisation's own (`forget_organisation`): its matches refreshed, its invitations and
  interests, its verification, the solutions it leads and the consortiums it joins (a project it
  is involved in is no longer shown to it);
- the shared one (`forget_all`): a refresh of other organisations' or of every match, a project
  or an organisation saved or deleted (titles, statuses, districts and names on the cards).

Each is replaced at once and again on commit (for sections others built meanwhile from rows read
before the change), as on the home page (helix/home.py). The page reads every token and section
in one round trip and renders only the missing ones, reading their matches and states in one
query each. With the cache down every section is built and nothing is stored. The sections hold
no form, so no CSRF token: the link opens the interest form on its own page.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.cache import current_token, replace_tokens
from organisations import signals as organisation_signals
from organisations.models import Organisation
from projects.models import ConsortiumPartner, Project, Solution

from . import selectors
from .models import Approach
from .reasons import with_reason_texts

TEMPLATE = "matchmaking/includes/my_projects.html"
SHORT_LIST = 5
SHARED_TOKEN_KEY = "matchmaking:for-you:token"
# A bound on staleness, should rows change outside these receivers (raw SQL, a restore).
TIMEOUT = 10 * 60


def _token_key(organisation_id: int) -> str:
    return f"matchmaking:for-you:token:{organisation_id}"


def _section_key(organisation_id: int, language: str) -> str:
    return f"matchmaking:for-you:{organisation_id}:{language}"


def token_keys(organisation_ids) -> list[str]:
    """The tokens the sections of these organisations are kept under (a page that keeps them
    inside its own copy depends on them too)."""
    return [SHARED_TOKEN_KEY, *(_token_key(pk) for pk in organisation_ids)]


def forget_all(**kwargs) -> None:
    replace_tokens(SHARED_TOKEN_KEY)


def forget_organisation(organisation_id: int) -> None:
    replace_tokens(_token_key(organisation_id))


def forget_sections_of(organisation_id: int | None) -> None:
    """The organisation's section, or every section when `organisation_id` is None."""
    if organisation_id is None:
        forget_all()
    else:
        forget_organisation(organisation_id)


def _approach_saved(*, instance: Approach, **kwargs) -> None:
    forget_organisation(instance.organisation_id)


def _solution_saved(*, instance: Solution, **kwargs) -> None:
    """A solution it leads: the organisation is involved in the project."""
    if instance.lead_organisation_id is not None:
        forget_organisation(instance.lead_organisation_id)


def _partner_saved(*, instance: ConsortiumPartner, **kwargs) -> None:
    """A consortium it joins (once accepted): the same."""
    forget_organisation(instance.organisation_id)


def _verification_changed(*, organisation: Organisation, **kwargs) -> None:
    forget_organisation(organisation.pk)


def connect() -> None:
    for model in (Project, Organisation):
        name = model.__name__
        post_save.connect(forget_all, sender=model, dispatch_uid=f"for_you_{name}_save")
        post_delete.connect(forget_all, sender=model, dispatch_uid=f"for_you_{name}_delete")
    for model, receiver in (
        (Approach, _approach_saved),
        (Solution, _solution_saved),
        (ConsortiumPartner, _partner_saved),
    ):
        name = model.__name__
        post_save.connect(receiver, sender=model, dispatch_uid=f"for_you_{name}_save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"for_you_{name}_delete")
    # Verification is written with update(): no post_save.
    organisation_signals.organisation_verified.connect(
        _verification_changed, dispatch_uid="for_you_verified"
    )
    organisation_signals.organisation_unverified.connect(
        _verification_changed, dispatch_uid="for_you_unverified"
    )


def _build(organisations: list[Organisation]) -> dict[int, str]:
    """The sections of these organisations: their matches in one query, the states of the
    matches of the verified ones in another."""
    matches = selectors.matches_for_organisations(organisations, per_organisation=SHORT_LIST)
    # Every reader is a member: a verified organisation's members all express its interest.
    acting = [o.pk for o in organisations if o.is_verified]
    # Read whether or not any match is shown: the same queries whatever the data.
    states = selectors.approach_states(organisation_ids=acting) if acting else {}
    return {
        o.pk: render_to_string(
            TEMPLATE,
            {
                "organisation": o,
                "matches": with_reason_texts(matches.get(o.pk, [])),
                "can_express": o.pk in acting,
                "states": states,
            },
        )
        for o in organisations
    }


def sections_for(organisations: list[Organisation]) -> SafeString:
    """The organisations' sections in the active language: from the cache while their tokens
    hold (one round trip for every token and section), the missing ones built and stored."""
    language = get_language()
    keys = {o.pk: (_token_key(o.pk), _section_key(o.pk, language)) for o in organisations}
    # The tokens are read before building: a change committed meanwhile replaces them.
    found = cache.get_many([SHARED_TOKEN_KEY, *(key for pair in keys.values() for key in pair)])
    shared = current_token(SHARED_TOKEN_KEY, found)
    sections, tokens = {}, {}
    for o in organisations:
        token_key, section_key = keys[o.pk]
        tokens[o.pk] = (shared, current_token(token_key, found))
        stored = found.get(section_key)
        if None not in tokens[o.pk] and stored is not None and stored[0] == tokens[o.pk]:
            sections[o.pk] = stored[1]
    missing = [o for o in organisations if o.pk not in sections]
    if missing:
        built = _build(missing)
        sections |= built
        # Nothing is stored while the cache is down (no token).
        kept = {
            keys[pk][1]: (tokens[pk], html) for pk, html in built.items() if None not in tokens[pk]
        }
        if kept:
            cache.set_many(kept, TIMEOUT)
    return mark_safe("".join(sections[o.pk] for o in organisations))
