"""The directory form's widgets written in Python: the same HTML as Django's widget
templates, without a template render per field or option. Every search renders the whole
form (13 inputs and 5 lists, one of 290 municipalities), so this is a noticeable part of
a directory page's cost."""

from django import forms
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from home import page_cache


def attributes(attrs):
    """name="value" pairs in order, as Django's attrs template writes them (True: the
    name alone; False: left out)."""
    return mark_safe(  # noqa: S308 - every part is escaped by format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickInput:
    """An <input> as Django's input template writes it: type, name, value, then the
    attributes. Labels wrapped around options fall back to the template."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        if "optgroups" in widget or widget.get("wrap_label"):
            return super()._render(template_name, context, renderer)
        value = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            "" if value is None else format_html(' value="{}"', value),
            attributes(widget["attrs"]),
        )


class QuickText(QuickInput, forms.TextInput):
    pass


class QuickDate(QuickInput, forms.DateInput):
    pass


class QuickCheckbox(QuickInput, forms.CheckboxInput):
    pass


class QuickCheckboxes(QuickInput, forms.CheckboxSelectMultiple):
    """Tick boxes whose options the template writes one by one ({{ choice.tag }})."""


class QuickSelect(forms.Select):
    """A <select> written in Python: the same HTML as Django's template without rendering
    a template per option (the municipality list has 290 of them, on every search). The
    options are the same for every visitor, so their HTML is kept in the cache until
    content changes; only the chosen option is marked per request."""

    def _shared_options(self, name):
        """{value: '<option value="…">label</option>'} in order."""
        return page_cache.remember(
            f"directory-options:{name}:{translation.get_language()}",
            lambda: {
                value: format_html('<option value="{}">{}</option>', value, label)
                for value, label in (
                    ("" if v is None else str(v), str(label)) for v, label in self.choices
                )
            },
        )

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {str(v) for v in self.format_value(value)}
        options = self._shared_options(name)
        html = "".join(
            option.replace(">", " selected>", 1) if option_value in selected else option
            for option_value, option in options.items()
        )
        return format_html(
            "<select{}>{}</select>",
            attributes(final_attrs),
            mark_safe(html),  # noqa: S308 - escaped by format_html when cached
        )
