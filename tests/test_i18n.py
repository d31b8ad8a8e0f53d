"""Vietnamese ships complete: Helix's own strings and django-allauth's."""

from pathlib import Path

import allauth
import polib
import pytest
from django.conf import settings

HELIX_PO = settings.BASE_DIR / "locale/vi/LC_MESSAGES/django.po"
ALLAUTH_PO = settings.BASE_DIR / "locale_allauth/vi/LC_MESSAGES/django.po"
ALLAUTH_SOURCE = Path(allauth.__file__).parent / "locale/en/LC_MESSAGES/django.po"


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


@pytest.mark.parametrize("path", [HELIX_PO, ALLAUTH_PO], ids=["helix", "allauth"])
def test_every_string_is_translated(path):
    catalogue = polib.pofile(str(path))

    missing = [e.msgid for e in catalogue if not e.translated() and not e.obsolete]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]

    assert not missing, f"untranslated in {path.name}: {missing[:10]}"
    assert not fuzzy, f"fuzzy in {path.name}: {fuzzy[:10]}"


@pytest.mark.parametrize("path", [HELIX_PO, ALLAUTH_PO], ids=["helix", "allauth"])
def test_the_compiled_catalogue_matches_its_source(path):
    """The .mo files are committed (a newcomer needs no gettext): they must be current."""
    source = {
        key(e): e.msgstr or e.msgstr_plural.get(0)
        for e in polib.pofile(str(path))
        if e.translated()
    }
    compiled = {
        key(e): e.msgstr or e.msgstr_plural.get(0)
        for e in polib.mofile(str(path.with_suffix(".mo")))
        if e.msgid
    }

    assert compiled == source, "run `make compilemessages` and commit the .mo file"


def test_allauth_is_translated_entirely():
    """An allauth upgrade that adds strings fails here until they are translated."""
    ours = {key(e) for e in polib.pofile(str(ALLAUTH_PO)) if e.translated()}
    theirs = {key(e) for e in polib.pofile(str(ALLAUTH_SOURCE)) if e.msgid}

    assert theirs - ours == set()


def test_a_date_and_time_reads_in_lower_case_within_a_vietnamese_phrase():
    from datetime import datetime

    from django.utils import formats, translation

    with translation.override("vi"):
        shown = formats.date_format(datetime(2026, 12, 1, 8, 15), "DATETIME_FORMAT")
    assert shown == "08:15 ngày 01 tháng 12 năm 2026"
