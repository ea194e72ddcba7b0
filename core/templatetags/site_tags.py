"""Template tags every public page uses: the language switch and the maps' settings."""

from django import template
from django.urls import translate_url
from django.utils import translation

from core import languages
from core.maps import map_settings as _map_settings

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """Every language the site speaks, named in itself, with this page (and its search)
    in that language."""
    path = context["request"].get_full_path()
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": languages.own_name(code),
            "url": translate_url(path, code),
            "current": code == current,
            "dir": languages.direction(code),
        }
        for code in languages.codes()
    ]


@register.simple_tag
def map_settings():
    """{% map_settings as map %}: tiles, attribution and the county's centre."""
    return _map_settings()
