"""The support networks that serve the municipalities, the page where residents ask for
help, and the referrals that reach the networks."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from core.models import TextPage
from directory.models import Capacity, source_language
from geography.models import Municipality


class Network(Capacity):
    """The digital-help network of one or more municipalities: whom it serves, whether it
    takes referrals and has room, what it promises and when a late referral escalates."""

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
    promise_working_days = models.PositiveSmallIntegerField(
        _("first contact within (working days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "Residents are promised a first contact within this many working days "
            "(weekends and Swedish public holidays do not count)."
        ),
    )
    escalate_after_working_days = models.PositiveSmallIntegerField(
        _("escalate after a further (working days)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "A referral not contacted by its deadline is first a reminder to whoever it is "
            "assigned to. After this many more working days it goes to all the network's "
            "coordinators, and after as many again to the county's moderators."
        ),
    )
    retention_days = models.PositiveIntegerField(
        _("keep closed referrals for (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "Personal data in a referral is removed this many days after it was closed. "
            "Follow your municipality's records-management decision."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name

    def takes_referrals(self, on=None):
        """Accepting referrals and not full: routing sends people here."""
        return self.accepts_referrals and not self.is_full(on)


class ReferralPage(RoutablePageMixin, TextPage):
    """The "ask for help" page at /be-om-hjalp/; editors change its texts. Below it, at
    ring-mig/, the short "call me" form (in every language's tree, under every prefix)."""

    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    # Served with its form by networks.views.serve_referral_page (networks.wagtail_hooks);
    # a preview could not show the form.
    preview_modes = []

    class Meta:
        verbose_name = _("referral page")

    @path("ring-mig/", name="call_me")
    def call_me(self, request):
        """The route of the short form. networks.wagtail_hooks serves it with
        networks.views.serve_call_me (models never import views); this body only runs when
        the page is served without that hook."""
        raise Http404


# --- Referrals -------------------------------------------------------------------------
# A referral is a resident's request to be contacted. It holds as little personal data as
# the helper needs, the routing decision (network and why) and its own history.


class ForWhom(models.TextChoices):
    ME = "me", _("Me")
    SOMEONE_I_HELP = "someone", _("Someone I help, for example a relative")
    PROFESSIONAL = "professional", _("I help people in my work")


class AccessibilityNeed(models.TextChoices):
    HEARING = "hearing", _("I hear poorly")
    SIGHT = "sight", _("I see poorly")
    READING = "reading", _("Reading or writing is hard for me")
    MOVING = "moving", _("I find it hard to walk or use stairs")
    TIME = "time", _("I need extra time and a calm pace")
    HOME = "home", _("I find it hard to leave my home")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message (SMS)")
    EMAIL = "email", _("Email")


class ContactTime(models.TextChoices):
    MORNING = "morning", _("Morning (8–12)")
    AFTERNOON = "afternoon", _("Afternoon (12–17)")
    EVENING = "evening", _("Evening (17–20)")


class AgeBand(models.TextChoices):
    UNDER_30 = "0-29", _("Under 30")
    FROM_30 = "30-49", _("30–49")
    FROM_50 = "50-64", _("50–64")
    FROM_65 = "65-74", _("65–74")
    FROM_75 = "75-84", _("75–84")
    FROM_85 = "85+", _("85 or older")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Another gender")


class Escalation(models.IntegerChoices):
    """How far a referral nobody contacted in time has been escalated (networks.escalation)."""

    NONE = 0, _("In time")
    REMINDED = 1, _("Overdue: reminder sent")
    COORDINATORS = 2, _("Overdue: sent to all the network's coordinators")
    COUNTY = 3, _("Overdue: sent to the county's moderators")


class ReferralStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    UNREACHABLE = "unreachable", _("Could not reach")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A referral in one of these states is finished; its retention period starts.
CLOSED_STATUSES = (ReferralStatus.RESOLVED, ReferralStatus.UNREACHABLE, ReferralStatus.WITHDRAWN)


class ReferralSource(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone")
    SHORT = "short", _("Call me (short form)")


class Referral(models.Model):
    """A request to be contacted, routed to one network and handled by its coordinators."""

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    submission_token = models.CharField(
        _("submission token"), max_length=64, unique=True, editable=False
    )
    source = models.CharField(
        _("source"), max_length=10, choices=ReferralSource.choices, default=ReferralSource.WEB
    )
    for_whom = models.CharField(_("for whom"), max_length=20, choices=ForWhom.choices)
    topics = models.ManyToManyField(
        "directory.HelpTopic",
        blank=True,
        limit_choices_to=source_language,
        related_name="referrals",
        verbose_name=_("help with"),
    )
    message = models.TextField(_("what the person wrote"), max_length=500, blank=True)
    language = models.ForeignKey(
        "directory.Language",
        on_delete=models.PROTECT,
        limit_choices_to=source_language,
        related_name="referrals",
        verbose_name=_("preferred language"),
    )
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    # The language of the site when the request was made: the receipt is written in it,
    # and the coordinator sees it (the person may prefer help in another language).
    made_in_language = models.CharField(
        _("language the request was made in"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    accessibility_needs = models.JSONField(_("accessibility needs"), default=list, blank=True)
    accessibility_other = models.CharField(
        _("other accessibility needs"), max_length=200, blank=True
    )
    contact_method = models.CharField(
        _("contact by"), max_length=10, choices=ContactMethod.choices
    )
    contact_times = models.JSONField(_("times of day"), default=list, blank=True)
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("municipality"),
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    age_band = models.CharField(_("age"), max_length=8, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    consent = models.BooleanField(_("consent to processing"), default=False)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("network")
    )
    routing_rule = models.CharField(_("routing rule"), max_length=40, blank=True)
    routing_explanation = models.CharField(_("routing explanation"), max_length=500, blank=True)
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReferralStatus.choices,
        default=ReferralStatus.NEW,
        db_index=True,
    )
    assigned_to = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    # The day by which the network promised a first contact (networks.deadlines); moves
    # when the referral is forwarded to another network.
    due_on = models.DateField(_("first contact due by"), null=True, blank=True)
    escalation = models.PositiveSmallIntegerField(
        _("escalation"), choices=Escalation.choices, default=Escalation.NONE
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    notified_at = models.DateTimeField(_("coordinators notified at"), null=True, blank=True)
    notification_attempts = models.PositiveSmallIntegerField(_("notification attempts"), default=0)
    notification_error = models.CharField(_("last notification error"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    anonymised_at = models.DateTimeField(_("personal data removed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["network", "status", "created_at"]),
            # The referrals escalation still has to look at: new, not yet at the last step.
            # Partial, so it holds only those few, not every referral ever made.
            models.Index(
                fields=["network", "due_on"],
                condition=models.Q(status="new", escalation__lt=3),
                name="referral_escalating_idx",
            ),
        ]

    def __str__(self):
        return self.reference

    def accessibility_labels(self):
        labels = dict(AccessibilityNeed.choices)
        found = [str(labels.get(value, value)) for value in self.accessibility_needs or []]
        return [*found, self.accessibility_other] if self.accessibility_other else found

    def contact_time_labels(self):
        labels = dict(ContactTime.choices)
        return [str(labels.get(value, value)) for value in self.contact_times or []]

    @property
    def is_anonymised(self):
        return self.anonymised_at is not None

    def is_overdue(self, today=None):
        """Not contacted by the promised day (only a new referral can be)."""
        return (
            self.status == ReferralStatus.NEW
            and self.anonymised_at is None
            and self.due_on is not None
            and self.due_on < (today or timezone.localdate())
        )


class ReferralEvent(models.Model):
    """One entry of a referral's history: who did what, when, from which value to which."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        VIEWED = "viewed", _("Viewed")
        EXPORTED = "exported", _("Exported")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        NOTE = "note", _("Internal note")
        FORWARDED = "forwarded", _("Forwarded")
        NOTIFIED = "notified", _("Coordinators notified")
        NOTIFY_FAILED = "notify_failed", _("Notification failed")
        DATA_EXPORT = "data_export", _("All data exported (access request)")
        ANONYMISED = "anonymised", _("Personal data removed (retention)")
        ERASED = "erased", _("Personal data erased on request")
        ESCALATED = "escalated", _("Overdue: reminded or escalated")
        COMPLETED = "completed", _("Details completed")

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="events", verbose_name=_("referral")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    from_value = models.CharField(_("from"), max_length=200, blank=True)
    to_value = models.CharField(_("to"), max_length=200, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")

    def __str__(self):
        return f"{self.referral} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class AnonymisedNeedCount(models.Model):
    """How many anonymised referrals stated an accessibility need, counted before
    retention removed it from them: the statistics keep the figure, the referral does not.
    A count per month made, network, municipality, help topic (empty: all topics) and need;
    rows are only ever added to, and any duplicates of a key simply add up."""

    month = models.DateField(_("month the referral was made"))
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    topic = models.ForeignKey(
        "directory.HelpTopic", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    need = models.CharField(_("accessibility need"), max_length=20)
    count = models.PositiveIntegerField(_("referrals"), default=0)

    class Meta:
        verbose_name = _("anonymised accessibility need count")
        verbose_name_plural = _("anonymised accessibility need counts")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.need}: {self.count}"
