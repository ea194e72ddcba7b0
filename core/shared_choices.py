"""Choice fields whose chosen object comes from the cache until the vocabularies change.

People choose the same few municipalities, languages and topics all day, in the
directory's filters and in the referral form: the object for a chosen value is kept
(core.cache, kind VOCABULARIES). An unknown value is not kept: it goes to the database
each time and gets the field's usual message.
"""

import hashlib

from django import forms

from core import cache


class SharedLookupMixin:
    """For a ModelChoiceField (Django's, django-filter's or a subclass): to_python through
    the cache."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        model = self.queryset.model._meta.label_lower
        digest = hashlib.sha256(str(value).encode()).hexdigest()
        key = f"choice:{model}:{self.to_field_name}:{digest}"
        look_up = super().to_python
        return cache.remember(cache.VOCABULARIES, key, lambda: look_up(value))


class SharedModelChoiceField(SharedLookupMixin, forms.ModelChoiceField):
    """Django's ModelChoiceField, the chosen object looked up in the cache."""
