"""{% load capacity %}: what a place lends and until when it is full, in the visitor's
language.

{{ card.lending|lending_text }} or {{ page|lending_text }} → "2 computers, 1 tablet"
{{ page.full_until|full_until_date }} → "Friday 18 December" (the year added when it is
not this year), for inside a sentence.
"""

from django import template
from django.utils import timezone
from django.utils.translation import ngettext

from core.day_names import in_sentence
from directory.cards import lending_of

register = template.Library()


def _count(kind, count):
    """ "2 computers": how many of one kind, with the language's plural form."""
    if kind == "computers":
        text = ngettext("%(count)s computer", "%(count)s computers", count)
    elif kind == "tablets":
        text = ngettext("%(count)s tablet", "%(count)s tablets", count)
    elif kind == "phones":
        text = ngettext("%(count)s phone", "%(count)s phones", count)
    else:
        text = ngettext(
            "%(count)s SIM card or data pack", "%(count)s SIM cards or data packs", count
        )
    return text % {"count": count}


@register.filter
def lending_text(value):
    """`value`: a card's ((kind, how many), …), or a place with lends_* fields."""
    pairs = value if isinstance(value, tuple | list) else lending_of(value)
    return ", ".join(_count(kind, count) for kind, count in pairs)


@register.filter
def full_until_date(value):
    """The last day a place is full, for inside a sentence ("Friday 18 December")."""
    if not value:
        return ""
    same_year = value.year == timezone.localdate().year
    return in_sentence(value, "l j F" if same_year else "l j F Y")
