"""Cursor pagination on a unique key, with the ordering chosen from an explicit list.

DRF's CursorPagination positions its cursor on the first ordering field and counts an offset
through ties; with counters (many projects have 0 supports) and nullable dates (drafts have no
`published_at`) that is fragile. Here every ordering is a non-null sort key followed by the
primary key in the same direction, and the cursor carries both values of the page's last row:
the next page is the rows strictly after (key, id) — a keyset, exact whatever the ties, and
stable while rows are added.

A view declares `orderings` ({name: field or expression, never null}) and `default_ordering`
("-published_at"); clients pass `?ordering=` with one of the names, optionally prefixed by "-".
"""

import base64
import binascii
import json
from datetime import date, datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from core.text import text_errors

SORT_KEY = "api_sort_key"
MAX_ID = 2**63 - 1


def ordering_choices(view) -> list[str]:
    return [prefix + name for name in view.orderings for prefix in ("", "-")]


class KeysetCursorPagination(BasePagination):
    page_size = 24
    max_page_size = 100
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"

    def _ordering(self, request, view) -> str:
        name = request.query_params.get(self.ordering_query_param, view.default_ordering)
        if name not in ordering_choices(view):
            raise ValidationError(
                {
                    self.ordering_query_param: [
                        _("Order by one of: %(choices)s.")
                        % {"choices": ", ".join(ordering_choices(view))}
                    ]
                }
            )
        return name

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        # ASCII digits only: int() would also take " 7", "+7", "1_0" and other scripts' digits.
        digits = raw.isascii() and raw.isdigit() and len(raw) <= 3
        if not (digits and 1 <= int(raw) <= self.max_page_size):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def _decode(self, raw: str, ordering: str) -> tuple[object, int]:
        invalid = ValidationError({self.cursor_query_param: [_("This cursor is not valid.")]})
        try:
            data = json.loads(base64.urlsafe_b64decode(raw.encode("ascii")))
        except (ValueError, UnicodeError, binascii.Error):
            raise invalid from None
        if not isinstance(data, dict) or data.get("o") != ordering:
            raise invalid
        value, pk = data.get("v"), data.get("id")
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise invalid
        if isinstance(value, str) and (len(value) > 1000 or text_errors(value, free_text=True)):
            raise invalid  # a NUL or a surrogate would reach the database's comparison
        if not isinstance(pk, int) or isinstance(pk, bool) or not 0 <= pk <= MAX_ID:
            raise invalid
        if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
            raise invalid
        return value, pk

    @staticmethod
    def _encode(ordering: str, value, pk: int) -> str:
        if isinstance(value, datetime | date):
            value = value.isoformat()
        data = json.dumps({"o": ordering, "v": value, "id": pk}, separators=(",", ":"))
        return base64.urlsafe_b64encode(data.encode()).decode("ascii")

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        ordering = self._ordering(request, view)
        descending = ordering.startswith("-")
        key = view.orderings[ordering.lstrip("-")]
        queryset = queryset.annotate(**{SORT_KEY: F(key) if isinstance(key, str) else key})
        raw = request.query_params.get(self.cursor_query_param)
        if raw:
            value, pk = self._decode(raw, ordering)
            after = "lt" if descending else "gt"
            try:
                # The first condition is implied by the second; it gives the database an index
                # range to start from, so a deep page costs what the first page costs.
                queryset = queryset.filter(Q(**{f"{SORT_KEY}__{after}e": value})).filter(
                    Q(**{f"{SORT_KEY}__{after}": value})
                    | Q(**{SORT_KEY: value, f"pk__{after}": pk})
                )
            except (DjangoValidationError, ValueError, TypeError):
                raise ValidationError(
                    {self.cursor_query_param: [_("This cursor is not valid.")]}
                ) from None
        order = (F(SORT_KEY).desc(), F("pk").desc()) if descending else (SORT_KEY, "pk")
        size = self._page_size(request)
        rows = list(queryset.order_by(*order)[: size + 1])
        self.next_cursor = None
        if len(rows) > size:
            rows = rows[:size]
            last = rows[-1]
            if isinstance(last, dict):  # a `.values()` queryset: read its own "id" column
                value, pk = last[SORT_KEY], last["id"]
            else:
                value, pk = getattr(last, SORT_KEY), last.pk
            self.next_cursor = self._encode(ordering, value, pk)
        return rows

    def get_next_link(self) -> str | None:
        if self.next_cursor is None:
            return None
        return replace_query_param(
            self.request.build_absolute_uri(), self.cursor_query_param, self.next_cursor
        )

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page, or null on the last one.",
                    "example": "https://helix.example.org/api/v1/projects/?cursor=eyJvIjoi",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque: copy it from the `next` link of the previous page.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {self.max_page_size} "
                f"(default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
            {
                "name": self.ordering_query_param,
                "required": False,
                "in": "query",
                "description": f"Sort order (default `{view.default_ordering}`); "
                "ties are broken by id.",
                "schema": {"type": "string", "enum": ordering_choices(view)},
            },
        ]
