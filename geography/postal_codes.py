"""Swedish postal codes as people type them ("553 18", "55318", "553 18 " with a
non-breaking space) and as they are stored ("55318"): the one rule every form, the routing
and the importer use."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SPACES = re.compile(r"[\s\u00a0]+")
_FIVE_DIGITS = re.compile(r"[0-9]{5}")

MESSAGE = _("A postal code has five digits, for example 553 21.")


class InvalidPostalCode(ValidationError):
    """Not five digits; str() is the message for the person who typed it."""

    def __init__(self):
        super().__init__(MESSAGE, code="invalid_postal_code")

    def __str__(self):
        return str(MESSAGE)


def normalise(value):
    """'553 18' → '55318'; InvalidPostalCode unless that leaves five digits."""
    code = _SPACES.sub("", str(value or ""))
    if not _FIVE_DIGITS.fullmatch(code):
        raise InvalidPostalCode
    return code


def display(code):
    """'55318' → '553 18', as postal codes are written."""
    return f"{code[:3]} {code[3:]}"
