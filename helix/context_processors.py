import unicodedata

from django.conf import settings
from django.utils.translation import get_language_info

# Each language under its own name, for the switcher. Django stores "Tiếng Việt" decomposed;
# NFC keeps it equal to what people type and search for.
LANGUAGE_SWITCHER = [
    (code, unicodedata.normalize("NFC", get_language_info(code)["name_local"]))
    for code, _name in settings.LANGUAGES
]


def language_switcher(request) -> dict:
    return {"language_switcher": LANGUAGE_SWITCHER}
