"""One error shape for every failure: {"type": ..., "detail": ..., "errors": {field: [...]}}.

The services raise Django's ValidationError and PermissionDenied, and views raise Http404;
DRF already maps the last two. Django's ValidationError becomes a 400 here, with its
per-field messages (messages for no field go under `non_field_errors`).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def _as_drf(error: DjangoValidationError) -> exceptions.ValidationError:
    key = api_settings.NON_FIELD_ERRORS_KEY
    if hasattr(error, "error_dict"):
        detail = {
            (key if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    else:
        detail = {key: error.messages}
    return exceptions.ValidationError(detail)


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """{"partners": [{"role": ["…"]}]} → {"partners.0.role": ["…"]}: one level, lists of text."""
    key = api_settings.NON_FIELD_ERRORS_KEY
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for name, value in detail.items():
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else str(name)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or key: [str(message) for message in messages]} if messages else {}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = _as_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: let Django report it
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        kind, detail = "validation_error", _("The data sent is not valid.")
        if not isinstance(exc.detail, dict):
            errors = {
                api_settings.NON_FIELD_ERRORS_KEY: errors.get(api_settings.NON_FIELD_ERRORS_KEY, [])
            }
    else:
        errors = {}
        kind = getattr(exc, "default_code", "error")
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            kind = exc.default_code
        elif response.status_code == status.HTTP_404_NOT_FOUND:
            kind = "not_found"
        elif response.status_code == status.HTTP_403_FORBIDDEN:
            kind = "permission_denied"
    response.data = {"type": kind, "detail": str(detail), "errors": errors}
    return response
