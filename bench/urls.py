from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from helix.urls import urlpatterns as helix_urlpatterns

PONG = {"status": "ok", "service": "helix", "version": 1}


@api_view(["GET"])
@permission_classes([AllowAny])
def ping(request):
    """The yardstick: a DRF view with the API's settings and no database."""
    return Response(PONG)


urlpatterns = [path("bench/ping/", ping), *helix_urlpatterns]
