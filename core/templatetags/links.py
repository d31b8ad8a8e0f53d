"""`{{ path|absolute }}`: a path as an absolute URL of the site (core.links.site_url), for what is
read outside the page: social previews, the web-app manifest."""

from django import template

from ..links import site_url

register = template.Library()


@register.filter
def absolute(path: str) -> str:
    return site_url(path) if path else ""
