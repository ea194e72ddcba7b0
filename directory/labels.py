"""The vocabularies' labels in the active language, kept in the shared cache until content
changes (home.page_cache): a result list names each place's topics and languages without
loading a model instance per name."""

from django.utils import translation

from home import page_cache


def labels(model):
    """{pk: (position in the model's ordering, label)} for a vocabulary model."""
    return page_cache.remember(
        f"labels:{model._meta.label_lower}:{translation.get_language()}",
        lambda: {
            item.pk: (position, item.label) for position, item in enumerate(model.objects.all())
        },
    )


def labels_by_object(through, object_field, term_field, ids, model):
    """{object id: [label, …] in the vocabulary's order} from a many-to-many table."""
    known = labels(model)
    found = {}
    for object_id, term_id in through.objects.filter(**{f"{object_field}__in": ids}).values_list(
        object_field, term_field
    ):
        if term_id in known:
            found.setdefault(object_id, []).append(known[term_id])
    return {
        object_id: [label for _position, label in sorted(terms)]
        for object_id, terms in found.items()
    }
