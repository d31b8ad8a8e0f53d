from collections import Counter

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from insights import charts
from insights import selectors as insights
from insights.views import build_charts
from organisations.models import Sector

from . import health
from .home import home_body


def _at_a_glance(request: HttpRequest) -> str:
    """The home page's two small charts, drawn from the insights' kept tallies: the published
    projects each sector takes part in, and the activity month by month."""
    figures = insights.figures(insights.Filters())
    taking_part = Counter()
    for counts in figures["theme_sectors"].values():
        taking_part.update(counts)
    summary = _(
        "Published projects each sector takes part in (as owner, solution lead or partner): %s."
    ) % ", ".join(f"{label} {taking_part[value]}" for value, label in Sector.choices)
    sectors = charts.bars(
        title=_("The four sectors taking part"),
        summary=summary,
        # One series per sector, each bar holding its own: every bar in its sector's colour.
        rows=[(label, {value: taking_part[value]}) for value, label in Sector.choices],
        series=list(Sector.choices),
    )
    # …and its table as one column.
    sectors["series"] = [("project", _("Projects"))]
    sectors["table"] = [(label, [taking_part[value]]) for value, label in Sector.choices]
    return render_to_string(
        "includes/at_a_glance.html",
        {"sectors": sectors, "over_time": build_charts(figures)["over_time"]},
        request=request,
    )


def home(request: HttpRequest) -> HttpResponse:
    """The home page: the greeting for the viewer, then the body that is the same for all
    (cached until what it shows changes: helix/home.py)."""

    def charts() -> str:  # cached until the tallies change, like the insights page
        return insights.cached(("home", get_language()), lambda: _at_a_glance(request))

    return render(request, "home.html", {"body": home_body(request, charts)})


def webmanifest(request: HttpRequest) -> JsonResponse:
    """The web-app manifest, so that Helix can be pinned to a phone's home screen; in the
    visitor's language."""
    manifest = {
        "name": _("Helix: smart-city collaboration"),
        "short_name": "Helix",
        "description": _(
            "Helix: government, enterprises, universities and the community solving urban "
            "problems together."
        ),
        "lang": get_language(),
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f4f7f9",
        "theme_color": "#0b5d7a",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/helix.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(
        manifest,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    patch_cache_control(response, public=True, max_age=60 * 60)
    return response


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """/favicon.ico, asked for by browsers and tools that read no <link rel="icon">."""
    response = HttpResponseRedirect(static("img/favicon.ico"))
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. It reads no service, so that an outage of one does not
    make a supervisor restart every web process (readiness is /readyz/)."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness, for load balancers: the database, the cache and the broker, each with a short
    timeout. 503 when the database is down (nothing can be served); 200 "degraded" when only
    the cache or the broker is (pages are served without them, tasks wait in the outboxes)."""
    checks = {
        "database": health.database_status(),
        "cache": health.cache_status(),
        "broker": health.broker_status(),
    }
    if checks["database"]["status"] != "ok":
        status = "down"
    elif any(check["status"] == "down" for check in checks.values()):
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, **checks}, status=503 if status == "down" else 200)
