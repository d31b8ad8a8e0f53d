"""What text Helix accepts: one rule for the API, the web forms and the admin.

- NUL (U+0000) and lone surrogates are refused everywhere: PostgreSQL cannot store the first,
  and no database driver can encode the second; neither is ever meant.
- Unicode bidirectional controls (embeddings, overrides, isolates and the LRM/RLM/ALM marks)
  reorder how the text around them displays: "moc.elpmaxe" reads as "example.com". They are
  refused in names, titles, slugs, tags, roles, URLs and every query parameter, where a few
  invisible characters could disguise what a person reads. They are allowed in long free text
  (descriptions, summaries, comments, report reasons, messages), where right-to-left quotations
  may need them and the page shows the text as a block of its own (docs/decisions.md).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NUL = "\x00"
BIDI_CONTROLS = frozenset(
    "\u061c"  # ARABIC LETTER MARK
    "\u200e\u200f"  # LEFT-TO-RIGHT MARK, RIGHT-TO-LEFT MARK
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
)
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

NUL_MESSAGE = _("Null characters are not allowed.")
UNSTORABLE_MESSAGE = _("This text contains characters that are not valid (NUL or a surrogate).")
BIDI_MESSAGE = _(
    "Direction control characters (such as U+202E) are not allowed here: they change how the "
    "text is displayed."
)


def has_bidi_controls(value: str) -> bool:
    return _BIDI.search(value) is not None


def text_errors(value: str, *, free_text: bool = False) -> list[str]:
    """The messages for `value`: none when it may be stored as it is."""
    if _UNSTORABLE.search(value):
        return [str(NUL_MESSAGE if NUL in value else UNSTORABLE_MESSAGE)]
    if not free_text and has_bidi_controls(value):
        return [str(BIDI_MESSAGE)]
    return []


def validate_storable_text(value) -> None:
    """A validator for any text: no NUL, no lone surrogate."""
    if isinstance(value, str) and _UNSTORABLE.search(value):
        message = NUL_MESSAGE if NUL in value else UNSTORABLE_MESSAGE
        raise ValidationError(message, code="null_characters_not_allowed")


def validate_plain_text(value) -> None:
    """A validator for names, titles, slugs, tags and URLs (or a list of them, as tag fields
    clean to): storable, and no bidi controls."""
    for text in value if isinstance(value, list | tuple) else [value]:
        validate_storable_text(text)
        if isinstance(text, str) and has_bidi_controls(text):
            raise ValidationError(BIDI_MESSAGE, code="bidi_control")


class PlainTextFieldsMixin:
    """A form whose `plain_text_fields` (names, titles, URLs, tags) refuse bidi controls with
    the API's rule; its other text fields, long free text, keep Django's refusal of NUL."""

    plain_text_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.plain_text_fields:
            if name in self.fields:
                field = self.fields[name]
                field.validators = [*field.validators, validate_plain_text]
