"""Project cards (the list page's and the home page's), rendered and cached for every viewer.

A card is the same for everyone, so it is cached in the shared cache (every process sees a
change at once: the key holds whatever the card shows that can change). The views ask for the
cards of the projects they already read; the templates only print the HTML, and read nothing.
The list page costs one query this way (README "Performance"): the cards are fetched from the
cache in one round trip, and only the missing ones are rendered, with their tags read in one
query.
"""

from collections.abc import Sequence

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models import OuterRef, QuerySet, Subquery
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from organisations.models import Organisation

from . import selectors
from .models import Project

CARD_TEMPLATE = "includes/project_card.html"
CARD_TIMEOUT = 24 * 60 * 60


# What a card's key is made of, in this order: a list page reads only these for its page.
CARD_KEY_FIELDS = (
    "pk",
    "modified",
    "organisation_modified",
    "support_count",
    "solution_count",
    "comment_count",
)


def card_key_rows(queryset: QuerySet[Project]) -> QuerySet:
    """The `CARD_KEY_FIELDS` of the projects of `queryset`, in its order. The organisation's
    date is a subquery rather than a join: PostgreSQL evaluates it after the sort and the
    limit, for the page's rows only, where a join would read every organisation first (a hash
    of 5,000 rows per page at ten times the province)."""
    organisation_modified = (
        Organisation.objects.filter(pk=OuterRef("organisation_id")).order_by().values("modified")
    )
    return queryset.annotate(organisation_modified=Subquery(organisation_modified)).values_list(
        *CARD_KEY_FIELDS
    )


def project_card_key(project: Project, language: str) -> str:
    """Keyed on everything the card shows that can change: the project (its tags too: editing
    them saves it), its organisation, its counters; and the language."""
    return _card_key(
        (
            project.pk,
            project.modified,
            project.organisation.modified,
            project.support_count,
            project.solution_count,
            project.comment_count,
        ),
        language,
    )


def _card_key(values: Sequence, language: str) -> str:
    return make_template_fragment_key("project_card", [*values, language])


def project_cards(projects: Sequence[Project]) -> SafeString:
    """The cards of these projects (read with their organisation), in their order."""
    language = get_language()
    keys = [project_card_key(project, language) for project in projects]
    cached = cache.get_many(keys)
    missing = {
        key: project for key, project in zip(keys, projects, strict=True) if key not in cached
    }
    selectors.attach_tag_names(list(missing.values()))
    card = get_template(CARD_TEMPLATE)
    rendered = {key: card.render({"project": project}) for key, project in missing.items()}
    if rendered:
        cache.set_many(rendered, CARD_TIMEOUT)
    return mark_safe("".join(cached[key] if key in cached else rendered[key] for key in keys))


def project_cards_by_keys(rows: Sequence[Sequence], *, queryset: QuerySet[Project]) -> SafeString:
    """The cards of the projects whose `CARD_KEY_FIELDS` are `rows`, in their order.

    A list page reads only those columns for its page: when every card is cached, no project,
    organisation or date beyond them is read or built. The projects of the cards missing are
    read from `queryset` (with their organisation and tags, in one query) and rendered; one
    changed since its row was read is shown, and stored, as it is now.
    """
    language = get_language()
    keys = [_card_key(row, language) for row in rows]
    cached = cache.get_many(keys)
    missing = [row[0] for key, row in zip(keys, rows, strict=True) if key not in cached]
    if not missing:
        return mark_safe("".join(cached[key] for key in keys))
    projects = selectors.with_tag_names(queryset.with_listing_data().filter(pk__in=missing))
    card = get_template(CARD_TEMPLATE)
    rendered = {
        project.pk: (project_card_key(project, language), card.render({"project": project}))
        for project in selectors.attach_tag_names(list(projects))
    }
    cache.set_many(dict(rendered.values()), CARD_TIMEOUT)
    return mark_safe(
        "".join(
            cached[key] if key in cached else rendered[row[0]][1]
            for key, row in zip(keys, rows, strict=True)
            if key in cached or row[0] in rendered  # gone since its row was read: no card
        )
    )
