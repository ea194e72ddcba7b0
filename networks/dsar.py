"""A data subject access request: everything stored about one referral, as rows for a
readable page and as JSON. Built from the model's own fields, so a field added later is
included without anyone remembering to."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from networks.models import Referral

# Internal bookkeeping that says nothing about the person.
SKIPPED_FIELDS = {"id", "submission_token", "version"}


def _display(referral, field):
    value = getattr(referral, field.name)
    if value is None or value == "" or value == []:
        return "–"
    if field.choices:
        return str(getattr(referral, f"get_{field.name}_display")())
    if field.name == "accessibility_needs":
        return "; ".join(referral.accessibility_labels())
    if field.name == "contact_times":
        return "; ".join(referral.contact_time_labels())
    if isinstance(field, models.DateTimeField):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(field, models.BooleanField):
        return "✓" if value else "–"
    if isinstance(field, models.ForeignKey):
        return getattr(value, "title", None) or str(value)
    return str(value)


def _raw(referral, field):
    value = getattr(referral, field.name)
    if isinstance(field, models.ForeignKey):
        return None if value is None else str(getattr(value, "title", None) or value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def _fields():
    return [f for f in Referral._meta.concrete_fields if f.name not in SKIPPED_FIELDS]


def rows(referral):
    """[(label, text), …] of every stored field, for the readable page."""
    found = [(str(f.verbose_name).capitalize(), _display(referral, f)) for f in _fields()]
    topics = ", ".join(topic.label for topic in referral.topics.all()) or "–"
    after_for_whom = next(i for i, f in enumerate(_fields()) if f.name == "for_whom") + 1
    label = str(Referral._meta.get_field("topics").verbose_name).capitalize()
    found.insert(after_for_whom, (label, topics))
    return found


def events(referral):
    return referral.events.select_related("user").order_by("at", "pk")


def as_dict(referral):
    """Everything stored, with stable field names (the JSON download)."""
    data = {f.name: _raw(referral, f) for f in _fields()}
    data["topics"] = [topic.label for topic in referral.topics.all()]
    data["history"] = [
        {
            "at": event.at,
            "who": event.user.get_username() if event.user else None,
            "what": event.kind,
            "what_label": str(event.get_kind_display()),
            "from": event.from_value,
            "to": event.to_value,
            "note": event.note,
        }
        for event in events(referral)
    ]
    return data


def as_json(referral):
    return json.dumps(
        {"referral": as_dict(referral)}, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
