"""The API's query strings pass the same text rule as its bodies (api/parsers.py).

Every query parameter of /api/ (filters, `q`, `ordering`, `cursor`, `page_size`, and any a
future view reads) is refused with a 400 in the error shape when its name or value holds a NUL,
a lone surrogate or a bidi control: none of them is ever meant in a URL, and a NUL would reach
the database from any filter that forgot to check it.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from core.text import text_errors


def query_errors(query) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, values in query.lists():
        messages = text_errors(name) or next(
            (found for value in values if (found := text_errors(value))), []
        )
        if messages:
            errors[name] = messages
    return errors


class ApiQueryTextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            errors = query_errors(request.GET)
            if errors:
                return JsonResponse(
                    {
                        "type": "validation_error",
                        "detail": _("The data sent is not valid."),
                        "errors": errors,
                    },
                    status=400,
                )
        return self.get_response(request)
