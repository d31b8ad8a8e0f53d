from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from organisations.models import Organisation, Sector
from projects.cards import project_cards
from projects.models import Project, Solution

from . import health


def home(request: HttpRequest) -> HttpResponse:
    by_sector = dict(Organisation.objects.verified().values_list("sector").annotate(n=Count("id")))
    sectors = [(value, label, by_sector.get(value, 0)) for value, label in Sector.choices]
    recent = Organisation.objects.verified().with_listing_data().order_by("-verified_at")[:6]
    open_projects = Project.objects.filter(status=Project.Status.OPEN)
    # Solutions are proposed to open projects only, so none belongs to a draft.
    solutions = Solution.objects.exclude(status=Solution.Status.WITHDRAWN)
    return render(
        request,
        "home.html",
        {
            "sectors": sectors,
            "recent_organisations": recent,
            "open_project_count": open_projects.count(),
            "solution_count": solutions.count(),
            "open_project_cards": project_cards(
                list(open_projects.with_listing_data().order_by("-published_at")[:6])
            ),
            "latest_solutions": solutions.with_listing_data().order_by("-created")[:6],
        },
    )


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
