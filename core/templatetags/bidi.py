"""{% load bidi %} {{ value|ltr }}: text that is written left to right in every language
(times like "10:00–12:00", phone numbers, references) kept so inside a right-to-left
sentence. Without it the bidirectional algorithm shows "10:00–12:00" in Arabic as
"12:00–10:00". For use where markup cannot be written around the value, such as a
variable of {% blocktranslate %}."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def ltr(value):
    if value in (None, ""):
        return ""
    return format_html('<span dir="ltr">{}</span>', value)
