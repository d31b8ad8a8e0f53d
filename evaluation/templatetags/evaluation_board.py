"""Small filters for the evaluation's tables (dictionary look-ups the template language lacks)."""

from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def pair(mapping, first):
    """{(a, b): v} → {b: v} for the given a."""
    return {b: v for (a, b), v in mapping.items() if a == first}


@register.filter
def weight_share(criterion, criteria) -> int:
    total = sum(c.weight for c in criteria)
    return round(100 * criterion.weight / total) if total else 0
