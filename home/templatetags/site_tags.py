"""Template tags shared by every public page: language switch and site navigation."""

from django import template
from django.urls import translate_url
from django.utils import translation

from home import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def other_language(context):
    """The language not currently shown, with the URL of this page in it."""
    request = context["request"]
    current = translation.get_language()
    code, name = ("en", "English") if current != "en" else ("sv", "Svenska")
    return {"code": code, "name": name, "url": translate_url(request.get_full_path(), code)}


@register.simple_tag(takes_context=True)
def site_pages(context):
    """The pages the main navigation links to."""
    return navigation.site_pages(context["request"])
