"""One folding rule: `core.folding.fold` in Python, and the same in SQL on PostgreSQL."""

import sqlite3
import unicodedata
from types import SimpleNamespace

import pytest
from django.db import connection

from core.folding import fold, register_sqlite_fold
from tests.conftest import require

VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # ngang huyền sắc hỏi ngã nặng
# Every Vietnamese vowel with every tone, in both cases, and đ/Đ.
LETTERS = [
    unicodedata.normalize("NFC", base + tone)
    for vowel in VOWELS
    for base in (vowel, vowel.upper())
    for tone in TONES
] + ["đ", "Đ"]
WORDS = {
    "ngập lụt": "ngap lut",
    "Thủ Dầu Một": "thu dau mot",
    "đường": "duong",
    "ĐƯỜNG": "duong",
    "Bình Dương": "binh duong",
    "Thuận An": "thuan an",
    "Dĩ An": "di an",
    "Bến Cát": "ben cat",
    "Tân Uyên": "tan uyen",
    "Phú Giáo": "phu giao",
    "nghiêng": "nghieng",
    "khuyến": "khuyen",
    "thủy văn": "thuy van",
    "Quỹ đổi mới sáng tạo": "quy doi moi sang tao",
    "Flood sensors, 3 wards": "flood sensors, 3 wards",
    "Ærø, Łódź, Straße, cœur": "aero, lodz, strasse, coeur",
}


@pytest.mark.parametrize(("text", "folded"), WORDS.items())
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_takes_every_vietnamese_letter_to_a_to_z():
    assert {fold(letter) for letter in LETTERS} == set("aeiouyd")


def test_fold_of_decomposed_text_is_the_fold_of_composed_text():
    text = "Thủ Dầu Một ngập lụt đường"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text) == "thu dau mot ngap lut duong"


def test_fold_keeps_none():
    assert fold(None) is None


@pytest.mark.services
@pytest.mark.django_db
def test_postgresql_folds_as_python_does():
    require(connection.vendor == "postgresql", "DATABASE_URL does not point at PostgreSQL")
    texts = [*WORDS, *LETTERS, " ".join(LETTERS)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT text, lower(helix_unaccent(text)) FROM unnest(%s::text[]) AS text", [texts]
        )
        folded_by_postgresql = dict(cursor.fetchall())

    assert folded_by_postgresql == {text: fold(text) for text in texts}


def test_sqlite_folds_with_python():
    """Every SQLite connection Django opens gets `helix_fold()`, which is `fold()`."""
    wrapper = SimpleNamespace(vendor="sqlite", connection=sqlite3.connect(":memory:"))
    register_sqlite_fold(sender=None, connection=wrapper)

    row = wrapper.connection.execute("SELECT helix_fold(?), helix_fold(NULL)", ["Thủ Dầu Một, Đ"])
    assert row.fetchone() == ("thu dau mot, d", None)
