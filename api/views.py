import logging
import uuid

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import server_error as html_server_error
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

logger = logging.getLogger("helix.errors")


@extend_schema(exclude=True)
@api_view(METHODS)
@permission_classes([AllowAny])
def not_found(request):
    raise NotFound(_("There is no such address in the API."))


def server_error(request, *args, **kwargs):
    """handler500: under /api/ the error shape with an id to quote, logged with the traceback.

    Django calls it for any exception no view or middleware handled, while the exception is
    still being handled, so the log line carries its traceback beside the id.
    """
    error_id = uuid.uuid4().hex
    logger.error("Server error %s: %s %s", error_id, request.method, request.path, exc_info=True)
    if not request.path_info.startswith("/api/"):
        response = html_server_error(request, *args, **kwargs)
    else:
        response = JsonResponse(
            {
                "type": "server_error",
                "detail": _(
                    "Something went wrong on our side. If it goes on, quote this id to "
                    "support: %(id)s."
                )
                % {"id": error_id},
                "errors": {},
                "error_id": error_id,
            },
            status=500,
        )
    response["X-Error-Id"] = error_id
    return response
