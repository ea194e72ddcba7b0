"""Forms for referrals: the resident's "ask to be contacted" form (with its spam guards),
the coordinators' phone registration, their actions on a referral and the listing filter.

Every message is English in gettext; Swedish comes from networks/locale.
"""

import re
import time

import django_filters
from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import Model, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.shared_choices import SharedLookupMixin, SharedModelChoiceField
from directory.models import HelpTopic, Language, SupportPointPage
from geography import postal_codes
from networks.models import (
    AccessibilityNeed,
    AgeBand,
    ContactMethod,
    ContactTime,
    ForWhom,
    Gender,
    Municipality,
    Network,
    Referral,
    ReferralStatus,
)
from networks.referrals import (
    new_submission_token,
    normalise_reference,
    valid_submission_token,
)
from networks.routing import RoutingError, route

# Spam guard: a person needs at least this long to fill in the form (setting
# REFERRAL_MIN_FILL_SECONDS overrides it).
MIN_FILL_SECONDS = 4
STARTED_SALT = "networks.referral.started"
LOCATION_FIELDS = ("municipality", "postal_code", "latitude", "longitude")
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]+$")


# Ids are 64-bit integers: a longer number in a POST would overflow the database driver
# (OverflowError on SQLite, DataError on PostgreSQL) instead of being an invalid choice.
MAX_ID = 2**63 - 1


def _is_id(value):
    if isinstance(value, Model):
        return True
    text = str(value).strip()
    return text.isascii() and text.isdigit() and int(text) <= MAX_ID


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose impossible ids are an invalid choice, not a crash."""

    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None and not _is_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if self.to_field_name is None:
            for item in value:
                if not _is_id(item):
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item},
                    )
        return super()._check_values(value)


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = IdChoiceField


class LabelledModelChoiceField(SharedLookupMixin, IdChoiceField):
    """A vocabulary term by id, labelled in the visitor's language; the chosen term comes
    from the shared cache."""

    def label_from_instance(self, obj):
        return obj.label


class LabelledModelMultipleChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


def _required(message):
    return {"required": message}


class ReferralForm(forms.Form):
    """Everything a resident (or a coordinator on the phone) tells us.

    After is_valid(), `decision` holds the routing decision for the location given.
    """

    # What help
    for_whom = forms.ChoiceField(
        label=_("Who needs help?"),
        choices=ForWhom.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Choose who needs help.")),
    )
    topics = LabelledModelMultipleChoiceField(
        label=_("What do you need help with?"),
        queryset=HelpTopic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose one or more, or describe it in your own words below."),
    )
    message = forms.CharField(
        label=_("Describe what you need help with (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
        help_text=_("At most 500 characters. Never write passwords or codes here."),
        error_messages={
            "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d).")
        },
    )
    # Language and accessibility
    language = LabelledModelChoiceField(
        label=_("Which language do you want to speak?"),
        queryset=Language.objects.all(),
        empty_label=None,
        error_messages=_required(_("Choose a language.")),
    )
    needs_interpreter = forms.BooleanField(label=_("I need an interpreter"), required=False)
    accessibility_needs = forms.MultipleChoiceField(
        label=_("Is there anything the helper should know? (optional)"),
        choices=AccessibilityNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("So that the help suits you. Choose what applies, if anything."),
    )
    accessibility_other = forms.CharField(
        label=_("Something else the helper should know (optional)"),
        max_length=200,
        required=False,
        help_text=_("In your own words, at most 200 characters."),
        error_messages={
            "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d).")
        },
    )
    # Contact
    contact_method = forms.ChoiceField(
        label=_("How do you want to be contacted?"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Choose how you want to be contacted.")),
    )
    contact_times = forms.MultipleChoiceField(
        label=_("When suits you best? (optional)"),
        choices=ContactTime.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Weekdays. Choose nothing if any time suits you."),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        help_text=_("Your first name is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={
            **_required(_("Write your name, so that the helper knows whom to ask for.")),
            "max_length": _("Write at most %(limit_value)d characters."),
        },
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        help_text=_("Needed for a phone call or a text message."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Needed for email. We also send you a confirmation."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Write the email address like this: name@example.se.")},
    )
    # Where
    municipality = SharedModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Choose municipality"),
        error_messages={"invalid_choice": _("Choose a municipality from the list.")},
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=6,
        required=False,
        help_text=_("Five digits, for example 553 21."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
        error_messages={"max_length": _("A postal code has five digits, for example 553 21.")},
    )
    latitude = forms.FloatField(
        required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )
    # Optional, for equality statistics
    age_band = forms.ChoiceField(
        label=_("Age (optional)"),
        choices=[("", _("I prefer not to say")), *AgeBand.choices],
        required=False,
    )
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        choices=[("", _("I prefer not to say")), *Gender.choices],
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree that my answers are stored and sent to the help network"),
        error_messages=_required(
            _("You need to agree before we can send your request. Read how we handle your data.")
        ),
    )

    fieldsets = (
        (_("What do you need help with?"), ("for_whom", "topics", "message")),
        (
            _("Language and accessibility"),
            ("language", "needs_interpreter", "accessibility_needs", "accessibility_other"),
        ),
        (_("How we contact you"), ("contact_method", "contact_times", "name", "phone", "email")),
        (_("Where are you?"), ("municipality", "postal_code", "latitude", "longitude")),
        (_("About you (optional)"), ("age_band", "gender")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = None
        by_label = "name_en" if translation.get_language() == "en" else "name"
        self.fields["language"].queryset = Language.objects.order_by(by_label)
        if not self.is_bound:
            swedish = Language.objects.filter(code="sv").first()
            self.fields["language"].initial = swedish.pk if swedish else None

    # Field rules

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if not phone:
            return ""
        digits = re.sub(r"\D", "", phone)
        if not PHONE_RE.match(phone) or not 7 <= len(digits) <= 15:
            raise forms.ValidationError(
                _("Write a phone number with 7 to 15 digits, for example 070-123 45 67.")
            )
        return phone

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"]
        return postal_codes.normalise(code) if code.strip() else ""

    def clean(self):
        data = super().clean()
        described = data.get("topics") or data.get("message", "").strip()
        if not described and "topics" in data and "message" in data:
            self.add_error(
                "topics",
                _("Choose at least one thing you need help with, or describe it below."),
            )
        method = data.get("contact_method")
        wants_phone = method in (ContactMethod.PHONE, ContactMethod.SMS)
        if wants_phone and not data.get("phone") and "phone" not in self.errors:
            self.add_error(
                "phone", _("Write your phone number, so that we can call you or text you.")
            )
        wants_email = method == ContactMethod.EMAIL
        if wants_email and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Write your email address, so that we can email you."))
        self._route(data)
        return data

    def _route(self, data):
        if any(name in self.errors for name in LOCATION_FIELDS):
            return
        lat, lon = data.get("latitude"), data.get("longitude")
        has_point = lat is not None and lon is not None
        postal_code = data.get("postal_code")
        municipality = data.get("municipality")
        if not (has_point or postal_code or municipality):
            self.add_error(
                "municipality",
                _(
                    "Choose your municipality or write your postal code, so that we know "
                    "which network can help you."
                ),
            )
            return
        try:
            self.decision = route(
                lat=lat if has_point else None,
                lon=lon if has_point else None,
                postal_code=postal_code or None,
                municipality_code=municipality.code if municipality else None,
            )
        except RoutingError as error:
            field = "postal_code" if error.parameter == "postal_code" else "municipality"
            self.add_error(field, str(error))

    def location_only_errors(self):
        """Keep only the errors about the location (for the "who receives it" preview)."""
        for name in list(self.errors):
            if name not in LOCATION_FIELDS:
                del self.errors[name]


class PublicReferralForm(ReferralForm):
    """The resident's form: a submission token against duplicates, a honeypot and a
    signed start time against spam robots."""

    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spam_message = ""
        if not self.is_bound:
            self.fields["submission_token"].initial = new_submission_token()
            self.fields["started"].initial = sign_start()

    def clean_submission_token(self):
        return valid_submission_token(self.cleaned_data["submission_token"])

    def check_spam(self):
        """After is_valid(): a friendly message when this looks like a robot, else ""."""
        if self.cleaned_data.get("website"):
            return _(
                "We could not send your request. Please try again, or call your municipality."
            )
        started = read_start(self.cleaned_data.get("started"))
        minimum = getattr(settings, "REFERRAL_MIN_FILL_SECONDS", MIN_FILL_SECONDS)
        if started is None or time.time() - started < minimum:
            return _(
                "That was very quick! To protect the form against automatic spam, please "
                "check your answers and send them again."
            )
        return ""

    def fresh_copy(self):
        """The same answers with a new start time (after a too-fast submission)."""
        data = self.data.copy()
        data[self.add_prefix("started")] = sign_start()
        return self.__class__(data)


def sign_start(at=None):
    return signing.dumps(at if at is not None else time.time(), salt=STARTED_SALT)


def read_start(value):
    try:
        return float(signing.loads(value or "", salt=STARTED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


class PhoneReferralForm(ReferralForm):
    """A coordinator registers a referral taken by phone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = ""
        self.fields["consent"].label = _(
            "The person agreed on the phone that their answers are stored"
        )
        self.fields["consent"].error_messages["required"] = _(
            "Ask the person for consent before registering the referral."
        )


# --- Coordinator actions ---------------------------------------------------------------


class VersionedForm(forms.Form):
    """An action on a referral; `version` is the one the coordinator saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    note = forms.CharField(label=_("Comment (optional)"), max_length=1000, required=False)


class NoteForm(VersionedForm):
    note = forms.CharField(
        label=_("Internal note"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the network's coordinators see notes. Do not write sensitive data."),
    )


class ErasureForm(VersionedForm):
    """Erasing a referral's personal data at the person's request."""

    reason = forms.CharField(
        label=_("Why is it erased?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: the person asked by phone on 3 March. Do not write the person's "
            "name or other personal data."
        ),
        error_messages=_required(_("Write why the data is erased.")),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the name, contact details and message are removed for good"),
        error_messages=_required(_("Tick the box to confirm.")),
    )


class PageChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        specific = obj.specific
        if isinstance(specific, SupportPointPage):
            parent = obj.get_parent()
            return f"{parent.title} – {obj.title}" if parent else obj.title
        return obj.title


class AssignForm(VersionedForm):
    assigned_to = PageChoiceField(
        label=_("Partner or support point"),
        queryset=Page.objects.none(),
        required=False,
        empty_label=_("Nobody (remove the assignment)"),
    )
    note = forms.CharField(label=_("Comment (optional)"), max_length=1000, required=False)

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = assignable_pages(network)


def assignable_pages(network):
    """Live support points in the network's municipalities and their organisations."""
    points = SupportPointPage.objects.live()
    if network is not None:
        points = points.filter(municipality__networks=network)
    paths = list(points.values_list("path", flat=True))
    org_paths = {path[: -Page.steplen] for path in paths}
    return Page.objects.filter(Q(path__in=paths) | Q(path__in=org_paths)).order_by("path")


class ForwardForm(VersionedForm):
    network = IdChoiceField(
        label=_("Forward to network"), queryset=Network.objects.none(), empty_label=None
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Tell the receiving coordinators why it is theirs."),
    )

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        networks = Network.objects.all()
        if current is not None:
            networks = networks.exclude(pk=current.pk)
        self.fields["network"].queryset = networks


# --- Listing filter --------------------------------------------------------------------


class ReferralFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Reference"), method="filter_reference")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ReferralStatus.choices, empty_label=_("All")
    )
    topic = IdChoiceFilter(
        label=_("Help with"),
        field_name="topics",
        queryset=HelpTopic.objects.all(),
        empty_label=_("All"),
    )
    municipality = IdChoiceFilter(
        label=_("Municipality"), queryset=Municipality.objects.all(), empty_label=_("All")
    )
    age_band = django_filters.ChoiceFilter(
        label=_("Age"), choices=AgeBand.choices, empty_label=_("All")
    )
    created_from = django_filters.DateFilter(
        label=_("From date"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    created_to = django_filters.DateFilter(
        label=_("To date"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Referral
        fields = []

    def filter_reference(self, queryset, name, value):
        reference = normalise_reference(value)
        return queryset.filter(reference__startswith=reference) if reference else queryset
