"""Municipalities (reference data) and the support networks that serve them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from home.models import BilingualPage


class Municipality(models.Model):
    """One of the county's municipalities (kommun), identified by its 4-digit code."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    latitude = models.FloatField(_("latitude of the centre"))
    longitude = models.FloatField(_("longitude of the centre"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class Network(models.Model):
    """The digital-help network of one or more municipalities."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="networks", verbose_name=_("municipalities served")
    )
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_networks",
        verbose_name=_("coordinators"),
    )
    accepts_referrals = models.BooleanField(_("accepts referrals now"), default=True)
    not_accepting_message = models.CharField(
        _("message while not accepting referrals"), max_length=300, blank=True
    )
    service_area = models.JSONField(_("service area (GeoJSON geometry)"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name


class ReferralPage(BilingualPage):
    """The "ask for help" page at /be-om-hjalp/; editors change its texts."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("referral page")


class PostalCode(models.Model):
    """A Swedish postal code and the municipality it lies in (imported table)."""

    code = models.CharField(_("postal code"), max_length=5, primary_key=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)
    municipality_code = models.CharField(_("municipality code"), max_length=4, db_index=True)
    municipality_name = models.CharField(_("municipality name"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")

    def __str__(self):
        return f"{self.code} {self.locality}"

    @property
    def municipality(self):
        """The county's Municipality for this code, or None outside the county."""
        return Municipality.objects.filter(code=self.municipality_code).first()
