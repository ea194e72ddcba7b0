"""Dates inside a sentence: day and month names in lower case where the language writes
them so ("öppnar onsdag 10:00", "senast torsdag 16 januari"), as they are in English
("opens Wednesday 10:00").

Django's date formats read the day names from the merged translation catalogues. The
directory's catalogue translates "Monday" as "Måndag" for the label that starts a row of
the opening-hours table, and Django looks up that same message, so a Swedish date would
otherwise carry a capital inside a sentence.
"""

from django.utils import formats, translation

# Languages that write day and month names in lower case in running text.
LOWER_CASE_DATE_NAMES = frozenset({"sv", "uk"})


def in_sentence(value, format_string):
    """`value` formatted with a date format ("l", "l j F") for use inside a sentence."""
    text = formats.date_format(value, format_string)
    language = (translation.get_language() or "").split("-")[0]
    return text.lower() if language in LOWER_CASE_DATE_NAMES else text
