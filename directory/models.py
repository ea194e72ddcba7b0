"""The directory: partner organisations, their support points and the vocabularies that
describe them (Open Referral HSDS 3.0: organization, location/service_at_location,
taxonomy_term)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Locale, Orderable, Page, PageManager, TranslatableMixin
from wagtail.search import index

from core import cache, languages
from core.http_cache import PublicPageMixin
from core.models import SourceLanguagePageManager, TranslatedPageMixin
from directory import cards, freshness, hours, structured_data
from directory.choices import ACCESSIBILITY_FEATURES, HELP_MODES, LENDING, ORGANISATION_KINDS
from directory.permissions import PartnerPagePermissionTester
from directory.widgets import PositionPickerWidget
from geography.sweden import in_sweden

# Sweden's bounding box, for validating coordinates.
SWEDEN_LAT = (55.0, 69.1)
SWEDEN_LON = (10.9, 24.2)


# What a vocabulary entry is found by, in every language it is translated into.
VOCABULARY_SEARCH_FIELDS = ("name", "search_words")


class SourceLanguageManager(models.Manager):
    """The entries in the site's own language (Swedish): the ones places, referrals and
    filters refer to. Their translations are reached through `all_locales`."""

    def get_queryset(self):
        return super().get_queryset().filter(locale__language_code=settings.LANGUAGE_CODE)


def source_language():
    """limit_choices_to of the relations to a vocabulary: the Swedish entries."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


class VocabularyEntry(TranslatableMixin, models.Model):
    """A vocabulary entry, written in Swedish and translated into the other languages
    with wagtail-localize (each translation is a row of its own in its locale)."""

    name = models.CharField(_("name"), max_length=100)
    search_words = models.TextField(
        _("search words"),
        blank=True,
        help_text=_(
            "Everyday words, other spellings and names people search for this with, "
            "separated by spaces. Places with this entry are found by them."
        ),
    )

    all_locales = models.Manager()
    objects = SourceLanguageManager()

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]
        # The admin (snippets, wagtail-localize) lists and edits every language's rows.
        default_manager_name = "all_locales"
        base_manager_name = "all_locales"

    def __str__(self):
        return str(self.label)  # plain text: the admin puts it in attributes too

    def save(self, *args, **kwargs):
        if self.locale_id is None:
            self.locale = Locale.get_default()
        super().save(*args, **kwargs)

    def get_translations(self, inclusive=False):
        """Wagtail looks translations up through `objects`: here, through every locale."""
        found = type(self).all_locales.filter(translation_key=self.translation_key)
        return found if inclusive else found.exclude(pk=self.pk)

    @property
    def label(self):
        """The name in the visitor's language, else the Swedish one, marked as Swedish
        wherever a template shows it (core.languages.InLanguage)."""
        language = translation.get_language()
        if not language or language == settings.LANGUAGE_CODE:
            return self.name
        found = names_in(type(self), language).get(self.translation_key)
        return found or languages.InLanguage(self.name, settings.LANGUAGE_CODE)


def names_in(model, language):
    """{translation key: name} of a vocabulary's entries in `language` (kept in the cache
    until a vocabulary changes)."""
    if language == settings.LANGUAGE_CODE or not language:
        return {}
    return cache.remember(
        cache.VOCABULARIES,
        f"names:{model._meta.label_lower}:{language}",
        lambda: dict(
            model.all_locales.filter(locale__language_code=language).values_list(
                "translation_key", "name"
            )
        ),
    )


class HelpTopic(VocabularyEntry):
    """What a person can get help with [taxonomy_term]."""

    slug = models.SlugField(_("slug"), max_length=60)
    description = models.CharField(_("description"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta(VocabularyEntry.Meta):
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        verbose_name = _("help topic")
        verbose_name_plural = _("help topics")


class Language(VocabularyEntry):
    """A language help can be given in, by ISO 639 code (sign languages included)."""

    code = models.CharField(_("ISO 639 code"), max_length=8)

    class Meta(VocabularyEntry.Meta):
        unique_together = [("translation_key", "locale"), ("code", "locale")]
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class TargetGroup(VocabularyEntry):
    """Who a support point is especially for."""

    slug = models.SlugField(_("slug"), max_length=60)

    class Meta(VocabularyEntry.Meta):
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class DirectoryPage(TranslatedPageMixin, Page):
    """The searchable directory at /hitta-hjalp/ (one in each language's tree; each
    lists every place)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.OrganisationPage"]

    objects = PageManager()
    originals = SourceLanguagePageManager()

    class Meta:
        verbose_name = _("directory page")

    @property
    def display_title(self):
        """The editors' title where it is in the visitor's language, else the
        interface's own name for the directory."""
        return self.title if self.in_visitors_language else _("Find help")

    @property
    def display_intro(self):
        """(text, language code when it is not the visitor's language)."""
        return self.intro, "" if self.in_visitors_language else self.content_language

    # Served with the search by directory.views.directory_page (directory.wagtail_hooks);
    # there is nothing to preview but a title and an introduction.
    preview_modes = []


class OrganisationPage(TranslatedPageMixin, PublicPageMixin, Page):
    """A partner organisation [organization]; its children are its support points."""

    kind = models.CharField(
        _("kind of organisation"), max_length=30, choices=ORGANISATION_KINDS, default="other"
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")], _("Contact")
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["directory.DirectoryPage"]
    subpage_types = ["directory.SupportPointPage"]

    objects = PageManager()
    originals = SourceLanguagePageManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def permissions_for_user(self, user):
        return PartnerPagePermissionTester(user, self)

    def pages_to_purge(self):
        """Its support points show its name."""
        return [self, *SupportPointPage.originals.child_of(self)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        points = (
            SupportPointPage.originals.live()
            .child_of(self)
            .order_by("title")
            .select_related("municipality")
            .prefetch_related("topics", "languages", "opening_hours", "opening_exceptions")
        )
        context["cards"] = [cards.listed(point.card(request, self), now) for point in points]
        return context


def today():
    return timezone.localdate()


class Capacity(models.Model):
    """Whether a network or a support point can take more people right now (full until a
    date, or until further notice), and how many devices it lends."""

    full = models.BooleanField(
        _("full right now"),
        default=False,
        help_text=_("Tick while you cannot take more people. Untick when you have room again."),
    )
    full_until = models.DateField(
        _("full until"),
        null=True,
        blank=True,
        help_text=_("The last day you are full. Leave it empty for until further notice."),
    )
    lends_computers = models.PositiveSmallIntegerField(_("computers to lend"), default=0)
    lends_tablets = models.PositiveSmallIntegerField(_("tablets to lend"), default=0)
    lends_phones = models.PositiveSmallIntegerField(_("phones to lend"), default=0)
    lends_sim_cards = models.PositiveSmallIntegerField(
        _("SIM cards or mobile data to lend"), default=0
    )

    capacity_panels = [FieldPanel("full"), FieldPanel("full_until")]
    lending_panels = [FieldPanel(field) for field, _label in LENDING]

    class Meta:
        abstract = True

    def is_full(self, on=None):
        """Full on the day `on` (default: today); a past `full_until` has run out."""
        if not self.full:
            return False
        return self.full_until is None or (on or timezone.localdate()) <= self.full_until

    @property
    def full_now(self):
        return self.is_full()

    def lending(self):
        """[(label, how many), …] of what it lends."""
        return [(label, getattr(self, field)) for field, label in LENDING if getattr(self, field)]


class SupportPointPage(TranslatedPageMixin, PublicPageMixin, Capacity, Page):  # noqa: DJ008
    """A place where help is given [location + service_at_location]; Page gives __str__."""

    description = models.TextField(_("description"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        "geography.Municipality",
        on_delete=models.PROTECT,
        related_name="support_points",
        verbose_name=_("municipality"),
    )
    latitude = models.FloatField(
        _("latitude"),
        validators=[MinValueValidator(SWEDEN_LAT[0]), MaxValueValidator(SWEDEN_LAT[1])],
    )
    longitude = models.FloatField(
        _("longitude"),
        validators=[MinValueValidator(SWEDEN_LON[0]), MaxValueValidator(SWEDEN_LON[1])],
    )
    # Places refer to the Swedish entries; the translations only rename them.
    topics = ParentalManyToManyField(
        HelpTopic, blank=True, limit_choices_to=source_language, verbose_name=_("help topics")
    )
    languages = ParentalManyToManyField(
        Language, blank=True, limit_choices_to=source_language, verbose_name=_("languages")
    )
    target_groups = ParentalManyToManyField(
        TargetGroup,
        blank=True,
        limit_choices_to=source_language,
        verbose_name=_("target groups"),
    )

    step_free_entrance = models.BooleanField(_("step-free entrance"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    large_screen = models.BooleanField(_("large screen or magnifier"), default=False)
    screen_reader = models.BooleanField(_("screen reader available"), default=False)
    quiet_room = models.BooleanField(_("quiet room"), default=False)
    interpreter_on_request = models.BooleanField(_("interpreter on request"), default=False)
    accessibility_note = models.CharField(_("more about access"), max_length=300, blank=True)

    on_site = models.BooleanField(_("on site"), default=True)
    by_phone = models.BooleanField(_("by phone"), default=False)
    by_video = models.BooleanField(_("by video"), default=False)
    home_visit = models.BooleanField(_("home visit"), default=False)

    drop_in = models.BooleanField(_("drop-in (no booking needed)"), default=True)
    booking_url = models.URLField(_("booking link"), blank=True)
    booking_phone = models.CharField(_("booking phone"), max_length=40, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=True)
    cost_note = models.CharField(_("cost"), max_length=200, blank=True)

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    temporary_notice = models.CharField(
        _("temporary notice"),
        max_length=200,
        blank=True,
        help_text=_('For example "Closed for renovation until 3 March".'),
    )
    last_verified = models.DateField(_("information last verified"), default=today)

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("temporary_notice"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("postal_code"),
                FieldPanel("locality"),
                FieldPanel("municipality"),
                FieldPanel("latitude", widget=PositionPickerWidget("longitude")),
                FieldPanel("longitude", widget=forms.NumberInput(attrs={"step": "any"})),
            ],
            _("Where"),
        ),
        MultiFieldPanel(
            [FieldPanel("topics"), FieldPanel("languages"), FieldPanel("target_groups")],
            _("What help, for whom"),
        ),
        MultiFieldPanel(
            [FieldPanel(field) for field, _label in HELP_MODES]
            + [
                FieldPanel("drop_in"),
                FieldPanel("booking_url"),
                FieldPanel("booking_phone"),
                FieldPanel("is_free"),
                FieldPanel("cost_note"),
            ],
            _("How help is given"),
        ),
        MultiFieldPanel(
            [FieldPanel(field) for field, _label in ACCESSIBILITY_FEATURES]
            + [FieldPanel("accessibility_note")],
            _("Accessibility"),
        ),
        InlinePanel("opening_hours", label=_("Opening hours")),
        InlinePanel("opening_exceptions", label=_("Exceptions (holidays, extra days)")),
        MultiFieldPanel(Capacity.capacity_panels, _("Full right now?")),
        MultiFieldPanel(Capacity.lending_panels, _("Devices to lend")),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")], _("Contact")
        ),
        FieldPanel("last_verified"),
    ]

    # Wagtail's index serves the admin's page search; the directory has its own
    # (SearchEntry, directory.search).
    search_fields = Page.search_fields + [index.SearchField("description")]

    parent_page_types = ["directory.OrganisationPage"]
    subpage_types = []
    # Its editors may take it off the site without a reviewer (directory.permissions).
    editors_may_unpublish = True

    objects = PageManager()
    originals = SourceLanguagePageManager()

    class Meta:
        verbose_name = _("support point")
        verbose_name_plural = _("support points")
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def clean(self):
        super().clean()
        if (
            isinstance(self.latitude, float | int)
            and isinstance(self.longitude, float | int)
            and not in_sweden(self.latitude, self.longitude)
        ):
            raise ValidationError(
                {
                    "latitude": _(
                        "This position is not in Sweden. Click the map, or check the "
                        "latitude (north, about 55–69) and longitude (east, about 11–24)."
                    )
                }
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        weekly = list(self.opening_hours.all())
        exceptions = list(self.opening_exceptions.all())
        summary = hours.summary(timezone.now(), weekly, exceptions)
        today = summary.status.local_now.date()
        organisation = self.get_parent().specific
        context.update(
            {
                "hours": summary,
                "week": [
                    (WEEKDAYS[weekday][1], hours.format_ranges(ranges), weekday == today.weekday())
                    for weekday, ranges in hours.week_table(weekly)
                ],
                "exceptions": [
                    (day, hours.format_ranges(ranges), notes)
                    for day, ranges, notes in hours.upcoming_exceptions(today, exceptions)
                ],
                "organisation": organisation,
                "help_modes": [label for field, label in HELP_MODES if getattr(self, field)],
                "accessibility": [
                    label for field, label in ACCESSIBILITY_FEATURES if getattr(self, field)
                ],
                "json_ld": structured_data.support_point_json_ld(
                    self, self.get_full_url(request), organisation, weekly, exceptions, today
                ),
            }
        )
        return context

    @property
    def may_be_outdated(self):
        return freshness.may_be_outdated(self.last_verified)

    def pages_to_purge(self):
        """Its organisation's page lists it."""
        parent = self.get_parent()
        return [self, parent] if parent else [self]

    def card(self, request, organisation):
        """This place's card (directory.cards), from the instance and its prefetched
        topics, languages and hours."""
        return cards.Card(
            pk=self.pk,
            url=self.get_url(request),
            title=self.title,
            organisation=organisation.title,
            street_address=self.street_address,
            locality=self.locality,
            municipality=self.municipality.code,
            latitude=self.latitude,
            longitude=self.longitude,
            temporary_notice=self.temporary_notice,
            last_verified=self.last_verified,
            topics=tuple(topic.label for topic in self.topics.all()),
            languages=tuple(language.label for language in self.languages.all()),
            weekly=tuple(
                hours.WeeklyRow(row.weekday, row.opens, row.closes)
                for row in self.opening_hours.all()
            ),
            exceptions=tuple(
                hours.ExceptionRow(row.date, row.closed, row.opens, row.closes, row.note)
                for row in self.opening_exceptions.all()
            ),
            full=self.full,
            full_until=self.full_until,
            lending=cards.lending_of(self),
            version=f"{self.last_published_at}.{organisation.last_published_at}."
            f"{self.last_verified}",
        )

    def permissions_for_user(self, user):
        return PartnerPagePermissionTester(user, self)


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class OpeningHours(Orderable):
    """One weekly time range; closes at or before opens means it runs past midnight."""

    page = ParentalKey(SupportPointPage, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=WEEKDAYS)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    panels = [FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(Orderable):
    """A dated exception that replaces the weekly pattern for one day: closed, or other
    hours (several rows on the same date give several ranges)."""

    page = ParentalKey(
        SupportPointPage, on_delete=models.CASCADE, related_name="opening_exceptions"
    )
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=False)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=100, blank=True)

    panels = [
        FieldPanel("date"),
        FieldPanel("closed"),
        FieldPanel("opens"),
        FieldPanel("closes"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")

    def clean(self):
        if not self.closed and (self.opens is None or self.closes is None):
            raise ValidationError(_("Give both times, or tick “closed all day”."))

    def __str__(self):
        if self.closed:
            return f"{self.date:%Y-%m-%d} " + str(_("closed"))
        return f"{self.date:%Y-%m-%d} {self.opens:%H:%M}–{self.closes:%H:%M}"


class InformationReport(models.Model):
    """A resident's "this information is wrong" about a support point. Stored before
    anyone is emailed, so a failing mail server loses nothing; editors and coordinators
    mark it handled in the admin."""

    page = models.ForeignKey(
        SupportPointPage,
        on_delete=models.CASCADE,
        related_name="information_reports",
        verbose_name=_("support point"),
    )
    message = models.TextField(_("what is wrong"), max_length=2000)
    contact = models.CharField(_("your email or phone (optional)"), max_length=200, blank=True)
    created = models.DateTimeField(_("received"), auto_now_add=True)
    notified = models.DateTimeField(_("notification sent"), null=True, blank=True)
    handled = models.BooleanField(_("handled"), default=False)
    handled_note = models.CharField(_("what was done"), max_length=300, blank=True)

    panels = [
        FieldPanel("page", read_only=True),
        FieldPanel("message", read_only=True),
        FieldPanel("contact", read_only=True),
        FieldPanel("handled"),
        FieldPanel("handled_note"),
    ]

    class Meta:
        ordering = ["handled", "-created"]
        verbose_name = _("information report")
        verbose_name_plural = _("information reports")

    def __str__(self):
        return f"{self.page.title}: {self.message[:60]}"


class MapCell(models.Model):
    """The live support points of one fine map grid cell, counted, so the unfiltered map
    adds up cells instead of grouping every point (kept current by directory.mapcells)."""

    cell_x = models.IntegerField()
    cell_y = models.IntegerField()
    count = models.PositiveIntegerField()
    sum_latitude = models.FloatField()
    sum_longitude = models.FloatField()
    first_id = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cell_x", "cell_y"], name="directory_mapcell_cell")
        ]
        # Rows of cells, for the cells along a map box's top and bottom edges.
        indexes = [models.Index(fields=["cell_y", "cell_x"], name="directory_mapcell_row")]

    def __str__(self):
        return f"{self.cell_x}, {self.cell_y}: {self.count}"


class AccessibilityFeature(TranslatableMixin, models.Model):
    """The search words of one accessibility feature (the features themselves are fields
    of a support point, named by the interface), one row per language: the Swedish row
    first, its translations made with wagtail-localize."""

    feature = models.CharField(
        _("accessibility feature"), max_length=40, choices=ACCESSIBILITY_FEATURES
    )
    search_words = VocabularyEntry._meta.get_field("search_words").clone()

    class Meta(TranslatableMixin.Meta):
        ordering = ["feature"]
        unique_together = [("translation_key", "locale"), ("feature", "locale")]
        verbose_name = _("accessibility feature")
        verbose_name_plural = _("accessibility features")

    def __str__(self):
        return str(self.get_feature_display())


class SearchEntry(models.Model):
    """The text a live support point is found by (its title; its description, its
    organisation's name and its topics' names), one row per place, kept current by
    directory.search.entries. Each database indexes it its own way (migration 0010): a
    weighted tsvector column with a GIN index on PostgreSQL, an FTS5 table on SQLite."""

    page = models.OneToOneField(
        SupportPointPage, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    title = models.TextField()
    body = models.TextField()

    class Meta:
        # Suggestions find names by their start (PostgreSQL; other databases ignore the
        # operator class).
        indexes = [
            models.Index(
                fields=["title"],
                name="directory_searchentry_title",
                opclasses=["text_pattern_ops"],
            )
        ]

    def __str__(self):
        return self.title
