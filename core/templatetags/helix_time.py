"""Relative times ("3 minutes ago", "3 phút trước") as Helix writes them everywhere.

Django's `timesince` gives "3 minutes" with no "ago", and its Vietnamese catalogue lacks the
unit strings, so the units are Helix's own msgids (context "time ago"), translated in Helix's
catalogue.
"""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import npgettext_lazy

register = template.Library()

TIME_STRINGS = {
    "year": npgettext_lazy("time ago", "%(num)d year", "%(num)d years", "num"),
    "month": npgettext_lazy("time ago", "%(num)d month", "%(num)d months", "num"),
    "week": npgettext_lazy("time ago", "%(num)d week", "%(num)d weeks", "num"),
    "day": npgettext_lazy("time ago", "%(num)d day", "%(num)d days", "num"),
    "hour": npgettext_lazy("time ago", "%(num)d hour", "%(num)d hours", "num"),
    "minute": npgettext_lazy("time ago", "%(num)d minute", "%(num)d minutes", "num"),
}


def ago(value: datetime | None, now: datetime | None = None) -> str:
    """ "just now" under a minute (or in the future), else the largest unit and "ago"."""
    if not value:
        return ""
    now = now or timezone.now()
    if (now - value).total_seconds() < 60:
        return _("just now")
    return _("%(delta)s ago") % {"delta": timesince(value, now, time_strings=TIME_STRINGS, depth=1)}


register.filter("ago", ago)
