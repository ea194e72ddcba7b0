"""Template tags every public page uses: the language switch and the maps' settings."""

from django import template
from django.urls import translate_url
from django.utils import translation

from core.maps import map_settings as _map_settings

register = template.Library()


@register.simple_tag(takes_context=True)
def other_language(context):
    """The language not currently shown, with the URL of this page in it."""
    request = context["request"]
    current = translation.get_language()
    code, name = ("en", "English") if current != "en" else ("sv", "Svenska")
    return {"code": code, "name": name, "url": translate_url(request.get_full_path(), code)}


@register.simple_tag
def map_settings():
    """{% map_settings as map %}: tiles, attribution and the county's centre."""
    return _map_settings()
