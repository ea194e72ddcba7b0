"""The languages the site speaks, each named in itself for the language switch."""

from django.conf import settings
from django.utils import translation

# How each language names itself; Persian is written for Dari readers as well.
OWN_NAMES = {
    "sv": "Svenska",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی/دری",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "uk": "Українська",
}


def codes():
    return [code for code, _name in settings.LANGUAGES]


def own_name(code):
    return OWN_NAMES.get(code) or translation.get_language_info(code)["name_local"]


def is_right_to_left(code):
    return translation.get_language_info(code)["bidi"]


def supported(code, default=None):
    """The site's language code for a requested one ("ar-SE" → "ar"), else default."""
    code = (code or "").lower().replace("_", "-")
    for candidate in (code, code.split("-")[0]):
        if candidate in codes():
            return candidate
    return default
