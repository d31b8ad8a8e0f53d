from functools import lru_cache

from django import template
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from organisations.models import Sector
from projects.filters import ProjectFilter

register = template.Library()

SECTOR_LABELS = dict(Sector.choices)
FILTER_FIELD_TEMPLATE = "includes/project_filter_field.html"


@register.filter
def sector_label(value: str) -> str:
    """The translated name of a sector value, e.g. in `project.sectors_sought`."""
    return SECTOR_LABELS.get(value, value)


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
