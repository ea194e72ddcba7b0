"""A referral's history (Wagtail's HistoryView): its own ReferralEvent rows, oldest first —
who did what and when, from which value to which, and the note — not Wagtail's log."""

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.history import HistoryView

from networks.models import ReferralEvent
from networks.referral_admin.access import ReferralObjectMixin


def when(event):
    return timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M")


def who(event):
    if event.user is None:
        return _("the system")
    return event.user.get_full_name().strip() or event.user.get_username()


def change(event):
    if not (event.from_value or event.to_value):
        return ""
    return f"{event.from_value or '–'} → {event.to_value or '–'}"


class ReferralHistoryView(ReferralObjectMixin, HistoryView):
    any_permission_required = ["view"]
    filterset_class = None
    paginate_by = 50
    header_buttons = []
    verbose_name_plural = ReferralEvent._meta.verbose_name_plural

    @cached_property
    def columns(self):
        return [
            Column("at", label=_("When"), accessor=when),
            Column("user", label=_("Who"), accessor=who),
            Column("kind", label=_("What"), accessor="get_kind_display"),
            Column("change", label=_("From → to"), accessor=change),
            Column("note", label=_("Note")),
        ]

    def get_base_queryset(self):
        return self.object.events.select_related("user")
