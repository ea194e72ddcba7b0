"""{% load day_names %} {{ value|date_in_sentence:"l j F" }}: a date for inside a sentence,
with the day name in lower case where the language writes it so (see core.day_names)."""

from django import template

from core.day_names import in_sentence

register = template.Library()


@register.filter
def date_in_sentence(value, format_string="l j F"):
    if not value:
        return ""
    return in_sentence(value, format_string)
