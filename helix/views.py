from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from organisations.models import Organisation, Sector


def home(request: HttpRequest) -> HttpResponse:
    by_sector = dict(Organisation.objects.verified().values_list("sector").annotate(n=Count("id")))
    sectors = [(value, label, by_sector.get(value, 0)) for value, label in Sector.choices]
    recent = Organisation.objects.verified().with_listing_data().order_by("-verified_at")[:6]
    return render(request, "home.html", {"sectors": sectors, "recent_organisations": recent})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and the Procfile check: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
