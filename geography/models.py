"""Where things are: the county's municipalities, their population and the postal codes of
Sweden (reference data, imported)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Population(models.Model):
    """Residents of one municipality at one single year of age on 31 December of a year,
    from Statistics Sweden's table BE0101N1 (loaded by manage.py load_population)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="population",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    age = models.PositiveSmallIntegerField(_("age"), help_text=_("100 means 100 or older."))
    people = models.PositiveIntegerField(_("people"))

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "age"],
                name="geography_population_municipality_year_age",
            )
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}, {self.age} years: {self.people}"
