"""One rule for comparing text whatever its diacritics: "ngap lut" finds "ngập lụt".

`fold()` is the rule in Python: decompose (NFD), drop the combining marks, đ/Đ -> d, lowercase.
`Fold` is the same rule in SQL: PostgreSQL's `unaccent` (through the immutable `helix_unaccent`
of migration core 0001) then `lower`; SQLite calls `fold()` itself (`helix_fold`, registered on
every connection by `CoreConfig.ready`). tests/core/test_folding.py checks that the two agree on
Vietnamese words.
"""

import unicodedata

from django.db.models import Func, TextField

# Letters that carry their mark inside the letter, so NFD leaves them whole.
# (PostgreSQL's unaccent rules map them the same way.)
_WHOLE_LETTERS = str.maketrans(
    {
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ß": "ss",
    }
)

SQLITE_FUNCTION = "helix_fold"


def fold(text: str | None) -> str | None:
    """`text` without diacritics, lowercased: "Thủ Dầu Một, đường" -> "thu dau mot, duong"."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFD", text.translate(_WHOLE_LETTERS))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare).lower()


class Fold(Func):
    """`fold()` of an expression, in the database."""

    output_field = TextField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="lower(helix_unaccent(%(expressions)s))", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)


def register_sqlite_fold(sender, connection, **kwargs):
    """`connection_created` receiver: SQLite gets `helix_fold()`, which is `fold()`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)
