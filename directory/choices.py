"""Fixed vocabularies of the directory: accessibility features, ways of help, kinds of
organisation. Each entry is (model field or value, label); labels are translatable."""

from django.utils.translation import gettext_lazy as _

ACCESSIBILITY_FEATURES = [
    ("step_free_entrance", _("Step-free entrance")),
    ("accessible_toilet", _("Accessible toilet")),
    ("hearing_loop", _("Hearing loop")),
    ("large_screen", _("Large screen or magnifier")),
    ("screen_reader", _("Screen reader available")),
    ("quiet_room", _("Quiet room")),
    ("interpreter_on_request", _("Interpreter on request")),
]

HELP_MODES = [
    ("on_site", _("On site")),
    ("by_phone", _("By phone")),
    ("by_video", _("By video")),
    ("home_visit", _("Home visit")),
]

ORGANISATION_KINDS = [
    ("library", _("Library")),
    ("study_association", _("Study association")),
    ("church", _("Church or faith community")),
    ("pensioners", _("Pensioners' association")),
    ("municipal", _("Municipal service")),
    ("ngo", _("Voluntary organisation")),
    ("other", _("Other")),
]

# What a network or a support point lends (model field, label): the directory filters on it.
LENDING = [
    ("lends_computers", _("Computers")),
    ("lends_tablets", _("Tablets")),
    ("lends_phones", _("Phones")),
    ("lends_sim_cards", _("SIM cards or mobile data")),
]
