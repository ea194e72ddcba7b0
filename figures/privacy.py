"""Counts of people are published only in a form that protects each person.

A count of 1 to 4 is shown as "<5" (primary suppression). Every other count, totals
included, is rounded to the nearest multiple of 5 (3 → "<5", 7 → 5, 8 → 10). Because
every published number is rounded on its own, a suppressed cell cannot be worked out
from a total minus the other cells, nor from two overlapping tables: the difference is
itself only known to within a few people. Zero is shown as 0: it describes nobody.
Shares are computed from the published numbers, so they reveal nothing more.
"""

from django.utils.formats import number_format

SMALLEST_SHOWN = 5
BASE = 5


def protect(count):
    """The publishable number: None for a suppressed count, else rounded to BASE."""
    if not count:
        return 0
    if count < SMALLEST_SHOWN:
        return None
    return (count + BASE // 2) // BASE * BASE


def display(protected):
    """How a protected number is written: "<5" for a suppressed one."""
    if protected is None:
        return f"<{SMALLEST_SHOWN}"
    return number_format(protected, force_grouping=True)


def share(part, whole):
    """The percentage of two protected numbers, or None when either is suppressed."""
    if part is None or not whole:
        return None
    return round(100 * part / whole)
