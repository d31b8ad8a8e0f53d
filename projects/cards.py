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
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import selectors
from .models import Project

CARD_TEMPLATE = "includes/project_card.html"
CARD_TIMEOUT = 24 * 60 * 60


def project_card_key(project: Project, language: str) -> str:
    """Keyed on everything the card shows that can change: the project (its tags too: editing
    them saves it), its organisation, its counters; and the language."""
    return make_template_fragment_key(
        "project_card",
        [
            project.pk,
            project.modified,
            project.organisation.modified,
            project.support_count,
            project.solution_count,
            project.comment_count,
            language,
        ],
    )


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
