"""Form fields that choose a row by id and treat an impossible id as an invalid choice.

Ids are 64-bit integers: a longer number in a POST would overflow the database driver
(OverflowError on SQLite, DataError on PostgreSQL) instead of being an invalid choice.
"""

import django_filters
from django import forms
from django.db.models import Model

from core.shared_choices import SharedLookupMixin

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
