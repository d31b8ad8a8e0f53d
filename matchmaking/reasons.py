"""A match's reasons, stored as data, said as sentences in the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.choices import District, label_of
from organisations.models import Sector
from projects.models import Theme

from .models import ResourceKind


def reason_text(reason: dict) -> str:
    code = reason.get("code")
    if code == "expertise":
        return ngettext(
            "%(count)d of the expertise needed: %(tags)s",
            "%(count)d of the expertise needed: %(tags)s",
            reason["count"],
        ) % {"count": reason["count"], "tags": ", ".join(reason["tags"])}
    if code == "text":
        return _("its profile speaks of %(words)s") % {"words": ", ".join(reason["words"])}
    if code == "sector":
        return _("%(sector)s, which the project seeks") % {
            "sector": label_of(Sector, reason["sector"]).lower()
        }
    if code == "wanted":
        return _("wants to work with %(sector)s, which leads this project") % {
            "sector": label_of(Sector, reason["sector"]).lower()
        }
    if code == "district":
        return _("based in %(district)s") % {"district": label_of(District, reason["district"])}
    if code == "district_offer":
        return _("works in %(district)s") % {"district": label_of(District, reason["district"])}
    if code == "offers":
        kind = label_of(ResourceKind, reason["kind"]).lower()
        if reason.get("province"):
            return _("offers %(kind)s across the province: %(title)s") % {
                "kind": kind,
                "title": reason["title"],
            }
        if reason.get("district"):
            return _("offers %(kind)s in %(district)s: %(title)s") % {
                "kind": kind,
                "district": label_of(District, reason["district"]),
                "title": reason["title"],
            }
        return _("offers %(kind)s: %(title)s") % {"kind": kind, "title": reason["title"]}
    if code == "past_owner":
        return _("worked with this project's organisation before")
    if code == "past_theme":
        return _("worked on a project in %(theme)s before") % {
            "theme": label_of(Theme, reason["theme"]).lower()
        }
    if code == "past_sector":
        return _("worked with the %(sector)s sector before") % {
            "sector": label_of(Sector, reason["sector"]).lower()
        }
    return ""


def reason_texts(reasons: list[dict]) -> list[str]:
    return [text for text in map(reason_text, reasons) if text]


def with_reason_texts(matches):
    """Each match with its reasons said in the reader's language (`match.reason_texts`)."""
    for match in matches:
        match.reason_texts = reason_texts(match.reasons)
    return matches
