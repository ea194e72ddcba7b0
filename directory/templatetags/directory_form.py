"""{% load directory_form %}: the directory form's rows (label, error messages, input),
written in Python like its widgets (directory.quick_widgets): every search renders them.

    {% field_row form.q label %}  {% tick_box_row form.open_now %}
    {% choice_rows form.accessibility %}
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


def _errors(field):
    """The field's messages, which its aria-describedby names (see
    directory.filters.mark_invalid_fields)."""
    if not field.errors:
        return ""
    return format_html(
        '<ul class="errorlist" id="{}-error">{}</ul>',
        field.auto_id,
        format_html_join("", "<li>{}</li>", ((error,) for error in field.errors)),
    )


@register.simple_tag
def field_row(field, label=""):
    return format_html(
        '<div class="field{}">\n  <label for="{}">{}</label>\n  {}\n  {}\n</div>',
        " has-error" if field.errors else "",
        field.id_for_label,
        label or field.label,
        _errors(field),
        field,
    )


@register.simple_tag
def tick_box_row(field):
    return format_html(
        '<div class="choice">{}<label for="{}">{}</label></div>\n{}',
        field,
        field.id_for_label,
        field.label,
        _errors(field),
    )


@register.simple_tag
def choice_rows(field):
    return format_html_join(
        "\n",
        '<div class="choice">{}<label for="{}">{}</label></div>',
        ((choice.tag(), choice.id_for_label, choice.choice_label) for choice in field),
    )
