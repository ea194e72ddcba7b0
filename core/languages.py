"""The languages the site speaks, each named in itself for the language switch."""

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

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


def direction(code):
    """ "rtl" or "ltr": how text in the language runs."""
    return "rtl" if translation.get_language_info(code)["bidi"] else "ltr"


def supported(code, default=None):
    """The site's language code for a requested one ("ar-SE" → "ar"), else default."""
    try:
        return translation.get_supported_language_variant(code or "")
    except LookupError:
        return default


def of_api_request(request):
    """The person's language for an API answer: ?lang=, else Accept-Language, else the
    active language. Not get_language_from_request: with i18n_patterns it would pick the
    default for every unprefixed path such as /api/."""
    requested = supported(request.GET.get("lang", "")[:8])
    if requested:
        return requested
    for part in request.headers.get("Accept-Language", "").split(","):
        found = supported(part.split(";")[0].strip())
        if found:
            return found
    return translation.get_language() or settings.LANGUAGE_CODE


class InLanguage(str):
    """Text in another language than the page's (a name not yet translated). A template
    shows it inside a span that says which language it is, so that a screen reader reads
    it in that language; everywhere else it is the plain text."""

    def __new__(cls, text, lang):
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    def __reduce__(self):
        return InLanguage, (str(self), self.lang)

    def __html__(self):
        return format_html(
            '<span lang="{}" dir="{}">{}</span>', self.lang, direction(self.lang), str(self)
        )
