from django import template

from organisations.models import Sector

register = template.Library()

SECTOR_LABELS = dict(Sector.choices)


@register.filter
def sector_label(value: str) -> str:
    """The translated name of a sector value, e.g. in `project.sectors_sought`."""
    return SECTOR_LABELS.get(value, value)
