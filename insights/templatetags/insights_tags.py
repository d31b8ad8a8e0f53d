"""Insights' part of a page it does not own: the project page shows its sectors involved
(`{% load insights_tags %}{% project_insights project %}`), in one query."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("insights/includes/project_panel.html")
def project_insights(project):
    return {"project": project, **selectors.project_insight(project)}
