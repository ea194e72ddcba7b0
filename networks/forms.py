"""The resident's "ask to be contacted" forms, with their spam guards.

ReferralForm holds the questions and the routing; the coordinators' phone registration
(networks.coordinator_forms) asks the same ones. CallMeForm ("Ring mig") asks only for a
name, a phone number and a place: a coordinator calls and asks the rest, with the same
questions (`question()`). Both public forms carry the same invisible spam guards
(SpamGuardedForm).

Every message is English in gettext; Swedish comes from networks/locale.
"""

import copy
import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.shared_choices import SharedModelChoiceField
from directory.models import HelpTopic, Language
from geography import postal_codes
from networks.form_fields import LabelledModelChoiceField, LabelledModelMultipleChoiceField
from networks.models import (
    AccessibilityNeed,
    AgeBand,
    ContactMethod,
    ContactTime,
    ForWhom,
    Gender,
    Municipality,
)
from networks.referrals import new_submission_token, valid_submission_token
from networks.routing import RoutingError, route

# Spam guard: a person needs at least this long to fill in the form (setting
# REFERRAL_MIN_FILL_SECONDS overrides it).
MIN_FILL_SECONDS = 4
STARTED_SALT = "networks.referral.started"
LOCATION_FIELDS = ("municipality", "postal_code", "latitude", "longitude")
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]+$")


def _required(message):
    return {"required": message}


class InLabelOrder(forms.models.ModelChoiceIterator):
    """The choices sorted by their names in the visitor's language."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for entry in sorted(self.queryset, key=lambda entry: entry.label.casefold()):
            yield self.choice(entry)


class RoutedForm(forms.Form):
    """A form that asks where the person is and routes it (ReferralForm, CallMeForm).

    After is_valid(), `decision` holds the routing decision for the location given.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = None

    # Field rules (for the fields a form has)

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


def prepare_language_field(field):
    """The "which language" question's choices, fresh and sorted in the visitor's language."""
    field.queryset = Language.objects.all()
    field.iterator = InLabelOrder


def require_description(form, data):
    """At least one help topic or a few words of one's own (when the form asks both)."""
    described = data.get("topics") or data.get("message", "").strip()
    if not described and "topics" in data and "message" in data:
        form.add_error(
            "topics",
            _("Choose at least one thing you need help with, or describe it below."),
        )


class ReferralForm(RoutedForm):
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
        prepare_language_field(self.fields["language"])
        if not self.is_bound:
            swedish = Language.objects.filter(code="sv").first()
            self.fields["language"].initial = swedish.pk if swedish else None

    def clean(self):
        data = super().clean()
        require_description(self, data)
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


def question(name, *, required=None, help_text=None, error_messages=None):
    """ReferralForm's question `name`, to ask in another form (a copy: changes stay there).

    The short form and the coordinator's "complete the details" form ask the same
    questions; they are defined once, above.
    """
    field = copy.deepcopy(ReferralForm.base_fields[name])
    if required is not None:
        field.required = field.widget.is_required = required
    if help_text is not None:
        field.help_text = help_text
    if error_messages:
        field.error_messages = {**field.error_messages, **error_messages}
    return field


class SpamGuardedForm(forms.Form):
    """The public forms' invisible guards: a submission token against duplicates (a
    refresh or a double click stores one referral), a honeypot and a signed start time
    against spam robots. Call check_spam() after is_valid()."""

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


class PublicReferralForm(SpamGuardedForm, ReferralForm):
    """The resident's form, with the spam guards (after ReferralForm's questions)."""


class CallMeForm(SpamGuardedForm, RoutedForm):
    """The short "Ring mig" (call me) form: a name, a phone number and a place, for those
    who find the full form hard. It becomes an ordinary referral (referral_data()); the
    coordinator who calls asks the rest and completes it
    (networks.coordinator_forms.CompleteDetailsForm)."""

    name = question("name")
    phone = question(
        "phone",
        required=True,
        help_text=_("A helper calls you on this number."),
        error_messages={"required": _("Write your phone number, so that we can call you.")},
    )
    municipality = question("municipality")
    postal_code = question("postal_code")
    consent = question("consent")

    def clean(self):
        data = super().clean()
        self._route(data)
        return data

    def referral_data(self):
        """The answers as networks.referrals.create_referral() takes them: a phone call, in
        the language of the site the person used. Who needs help is left empty: the
        coordinator asks on the phone."""
        return {
            **self.cleaned_data,
            "for_whom": "",
            "language": site_language_entry(),
            "contact_method": ContactMethod.PHONE,
        }


def site_language_entry():
    """The Language entry of the site language in use, else Swedish's (the person spoke
    to us in it, so a helper should start in it)."""
    wanted = [translation.get_language() or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE]
    found = {entry.code: entry for entry in Language.objects.filter(code__in=wanted)}
    for code in wanted:
        if code in found:
            return found[code]
    return Language.objects.order_by("pk").first()


def sign_start(at=None):
    return signing.dumps(at if at is not None else time.time(), salt=STARTED_SALT)


def read_start(value):
    try:
        return float(signing.loads(value or "", salt=STARTED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
