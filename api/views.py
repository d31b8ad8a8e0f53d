import logging
import uuid

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
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
        response = defaults.server_error(request, *args, **kwargs)
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


def _under_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _error(kind: str, detail: str, status: int) -> JsonResponse:
    return JsonResponse({"type": kind, "detail": detail, "errors": {}}, status=status)


def bad_request(request, exception, template_name="400.html"):
    """handler400: a request Django refused before any view (a bad host, a broken upload)."""
    if _under_api(request):
        return _error("parse_error", _("The request could not be understood."), 400)
    return defaults.bad_request(request, exception, template_name=template_name)


def permission_denied(request, exception, template_name="403.html"):
    """handler403: PermissionDenied outside DRF's views (their own answer is already JSON)."""
    if _under_api(request):
        return _error(
            "permission_denied", _("You do not have permission to perform this action."), 403
        )
    return defaults.permission_denied(request, exception, template_name=template_name)


def page_not_found(request, exception, template_name="404.html"):
    """handler404: Http404 outside DRF's views; under /api/ the error shape."""
    if _under_api(request):
        return _error("not_found", _("There is no such address in the API."), 404)
    return defaults.page_not_found(request, exception, template_name=template_name)
