"""The API's JSON parser: a bounded depth, then one check of every text in the document.

The depth is counted on the raw bytes before any parser recurses into them (Python's `json`
overflows its stack near 1,000 levels, other parsers have other limits), so a deep document is
a 400 whatever parses it. Then every string of the parsed document, keys included, passes
`input_errors`: NUL and lone surrogates nowhere, bidi controls only in long free text. Each
serializer field therefore receives only text that the database can store and a page can
show as it reads — one place, for every field of every body, present or future.
"""

import io
import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

from core.text import text_errors

MAX_DEPTH = 16
# The fields of long free text, where bidi controls are allowed (core/text.py).
FREE_TEXT_FIELDS = frozenset({"description", "summary", "body", "reason", "message"})

_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = re.compile(rb"[^\[\]{}]")


def json_depth_exceeds(raw: bytes, limit: int) -> bool:
    """Whether arrays and objects nest deeper than `limit` (brackets inside strings aside)."""
    depth = 0
    for bracket in _NOT_BRACKETS.sub(b"", _STRINGS.sub(b"", raw)):
        if bracket in b"[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def input_errors(data, path: str = "", name: str = "", errors=None) -> dict[str, list[str]]:
    """{"partners.0.organisation": ["…"]} for each refused text in a parsed document; `name` is
    the field a value belongs to (a list's items belong to the list's field)."""
    errors = {} if errors is None else errors
    if isinstance(data, str):
        messages = text_errors(data, free_text=name in FREE_TEXT_FIELDS)
        if messages:
            errors[path or "non_field_errors"] = messages
    elif isinstance(data, dict):
        for key, value in data.items():
            key = str(key)
            key_messages = text_errors(key)
            if key_messages:
                errors[path or "non_field_errors"] = key_messages
            else:
                input_errors(value, f"{path}.{key}" if path else key, key, errors)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            input_errors(value, f"{path}.{index}" if path else str(index), name, errors)
    return errors


class HelixJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        if json_depth_exceeds(raw, MAX_DEPTH):
            raise ParseError(
                _("JSON parse error - nested deeper than %(depth)d levels.") % {"depth": MAX_DEPTH}
            )
        data = super().parse(io.BytesIO(raw), media_type, parser_context)
        errors = input_errors(data)
        if errors:
            raise ValidationError(errors)
        return data
