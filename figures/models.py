"""The statistics' roll-up: counts kept by `manage.py update_figures` (daily), so that a
statistics page reads a few thousand cells instead of a million referrals; and the public
"Digital help in figures" page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.http_cache import PublicPageMixin
from core.models import TextPage


class Cell(models.Model):
    """One count of the roll-up.

    Referral cells count the referrals made in `month` that were routed to `network` from
    `municipality`, about `topic` (empty: whatever the topic), whose `dimension` had
    `value`; `total` sums a duration in hours where the dimension has one. The county's
    own referral cells have no network and no municipality: the sum of the others. Supply
    cells (no month, no network) count the live support points of a municipality.
    """

    month = models.DateField(null=True, blank=True)
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        "geography.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    topic = models.ForeignKey(
        "directory.HelpTopic", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=40, blank=True)
    count = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0)

    class Meta:
        # A page reads one dimension and topic over a period, for the whole county, a
        # network or a municipality: one index for each way in.
        indexes = [
            models.Index(fields=["dimension", "topic", "month"]),
            models.Index(fields=["dimension", "topic", "network", "month"]),
            models.Index(fields=["dimension", "topic", "municipality", "month"]),
        ]

    def __str__(self):
        return f"{self.month} {self.dimension}={self.value}: {self.count}"


class Run(models.Model):
    """One roll-up: when its figures were counted (shown as their freshness)."""

    finished_at = models.DateTimeField(_("counted at"), db_index=True)
    referrals = models.PositiveIntegerField(_("referrals counted"), default=0)
    support_points = models.PositiveIntegerField(_("support points counted"), default=0)
    seconds = models.FloatField(_("seconds taken"), default=0)

    class Meta:
        get_latest_by = "finished_at"

    def __str__(self):
        return f"{self.finished_at:%Y-%m-%d %H:%M}"


class FiguresPage(PublicPageMixin, TextPage):
    """ "Digital help in figures": the county's supply and demand, public and suppressed;
    editors write its introduction, the figures are the roll-up's."""

    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("figures page")
