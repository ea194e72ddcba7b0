"""The vocabularies' names in the active language, kept in the cache until a vocabulary
changes: a card names its place's topics and languages without loading a model instance
per name."""

from django.utils import translation

from core import cache
from directory.models import SupportPointPage


def labels(model):
    """{pk: (position in the model's ordering, label)} for a vocabulary model."""
    return cache.remember(
        cache.VOCABULARIES,
        f"labels:{model._meta.label_lower}:{translation.get_language()}",
        lambda: {
            item.pk: (position, item.label) for position, item in enumerate(model.objects.all())
        },
    )


def labels_by_place(relation, ids):
    """{support point id: [label, …] in the vocabulary's order} for the many-to-many field
    `relation` ("topics", "languages") of the support points `ids`."""
    field = SupportPointPage._meta.get_field(relation)
    known = labels(field.related_model)
    found = {}
    for point_id, term_id in field.remote_field.through.objects.filter(
        **{f"{field.m2m_column_name()}__in": ids}
    ).values_list(field.m2m_column_name(), field.m2m_reverse_name()):
        if term_id in known:
            found.setdefault(point_id, []).append(known[term_id])
    return {
        point_id: [label for _position, label in sorted(terms)]
        for point_id, terms in found.items()
    }
