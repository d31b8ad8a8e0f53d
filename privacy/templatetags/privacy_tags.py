from django import template
from django.utils import timezone

from ..models import DataExport

register = template.Library()


@register.inclusion_tag("privacy/my_data_panel.html", takes_context=True)
def my_data_panel(context):
    """My Helix's "Your data" panel: the copy being prepared or ready, and the two actions."""
    user = context["user"]
    latest = DataExport.objects.filter(user=user, expires_at__gt=timezone.now()).first()
    return {"latest": latest, "csrf_token": context.get("csrf_token")}
