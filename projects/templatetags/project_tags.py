from functools import lru_cache

from django import template
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from organisations.models import Sector
from projects import selectors
from projects.filters import ProjectFilter

register = template.Library()

SECTOR_LABELS = dict(Sector.choices)
CARD_TEMPLATE = "includes/project_card.html"
CARD_TIMEOUT = 24 * 60 * 60
FILTER_FIELD_TEMPLATE = "includes/project_filter_field.html"


@register.filter
def sector_label(value: str) -> str:
    """The translated name of a sector value, e.g. in `project.sectors_sought`."""
    return SECTOR_LABELS.get(value, value)


def project_card_key(project, language: str) -> str:
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


@register.simple_tag(takes_context=True)
def project_cards(context, projects) -> SafeString:
    """The cards of these projects (with their organisation). A card is the same for every
    viewer, so it is cached: the whole list is read in one round trip; the cards missing are
    rendered, with their tags read in one query, and stored in one."""
    language = get_language()
    keys = [project_card_key(project, language) for project in projects]
    cached = cache.get_many(keys)
    missing = {
        key: project for key, project in zip(keys, projects, strict=True) if key not in cached
    }
    selectors.attach_tag_names(list(missing.values()))
    card = context.template.engine.get_template(CARD_TEMPLATE)
    rendered = {}
    for key, project in missing.items():
        with context.push(project=project):
            rendered[key] = card.render(context)
    if rendered:
        cache.set_many(rendered, CARD_TIMEOUT)
    return mark_safe("".join(cached[key] if key in cached else rendered[key] for key in keys))


@register.simple_tag
def project_filter_field(field: BoundField) -> SafeString:
    """A field of the project list's search and filter form (`ProjectFilter`'s), as bound to
    the request: label, widget and errors.

    Rendering the widgets costs more than the rest of the page. What a field shows depends only
    on its value (which also makes its errors: no rule spans fields) and the language, its
    choices being fixed in code, so each is rendered once per process.
    """
    return _project_filter_field(get_language(), field.html_name, field.data)


@lru_cache(maxsize=1024)
def _project_filter_field(language: str, name: str, value: str | None) -> SafeString:
    form = ProjectFilter({} if value is None else {name: value}).form
    with translation.override(language):
        return render_to_string(FILTER_FIELD_TEMPLATE, {"field": form[name]})


def forget_project_filter_fields(sender, file_path, **kwargs) -> None:
    """The development server reloads an edited template without restarting: forget the fields
    rendered with the old one."""
    if file_path.suffix != ".py":
        _project_filter_field.cache_clear()
