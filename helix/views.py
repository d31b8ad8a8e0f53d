from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from organisations.models import Organisation, Sector
from projects.cards import project_cards
from projects.models import Project, Solution


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
    """For load balancers and the Procfile check: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
