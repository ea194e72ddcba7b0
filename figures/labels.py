"""What each value of a counted dimension is called, in the reader's language, in the
order a table lists them."""

from django.utils.translation import gettext_lazy as _

from directory.choices import ACCESSIBILITY_FEATURES, HELP_MODES
from directory.models import HelpTopic, Language
from networks.models import AccessibilityNeed, AgeBand, ForWhom, Gender, ReferralSource

NOT_STATED = ("unknown", _("Not stated"))

OUTCOMES = [
    ("resolved", _("Resolved")),
    ("unreachable", _("Could not reach")),
    ("withdrawn", _("Withdrawn")),
    ("open", _("Still open")),
]
CONTACT = [
    ("in_time", _("Contacted within the promised time")),
    ("late", _("Contacted later than promised")),
    ("waiting", _("Waiting, still within the promised time")),
    ("overdue", _("Waiting, past the promised time")),
]
DAYS = [
    ("0", _("Within a day")),
    ("1-2", _("1–2 days")),
    ("3-5", _("3–5 days")),
    ("6-10", _("6–10 days")),
    ("11+", _("More than 10 days")),
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]

FIXED = {
    "interpreter": YES_NO,
    "need": list(AccessibilityNeed.choices),
    "age_band": [*AgeBand.choices, NOT_STATED],
    "gender": [*Gender.choices, NOT_STATED],
    "for_whom": [*ForWhom.choices, NOT_STATED],
    "source": list(ReferralSource.choices),
    "outcome": OUTCOMES,
    "contact": CONTACT,
    "contact_days": DAYS,
    "close_days": DAYS,
    "feature": ACCESSIBILITY_FEATURES + HELP_MODES,
}


def _vocabulary(model, order):
    return [(str(entry.pk), entry.label) for entry in model.objects.order_by(*order)]


def choices(dimension):
    """[(value, label)] in table order (a vocabulary's in its own order)."""
    if dimension in ("topic", "topic_far"):
        return _vocabulary(HelpTopic, ["sort_order", "name"])
    if dimension == "language":
        return _vocabulary(Language, ["name"])
    return FIXED[dimension]
