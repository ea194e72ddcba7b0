"""The directory form's Python-written widgets give exactly the HTML of Django's own."""

import pytest
from django import forms

from directory.filters import SupportPointFilterSet
from directory.quick_widgets import QuickInput

pytestmark = pytest.mark.django_db

STOCK = {"QuickText": forms.TextInput, "QuickDate": forms.DateInput,
         "QuickCheckbox": forms.CheckboxInput, "QuickCheckboxes": forms.CheckboxSelectMultiple}  # fmt: skip


def stock_twin(widget):
    twin = STOCK[type(widget).__name__](attrs=dict(widget.attrs))
    twin.choices = getattr(widget, "choices", [])
    twin.is_required = widget.is_required
    twin.input_type = widget.input_type
    return twin


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"q": 'bank"id <b>&', "postal_code": "574 31", "open_now": "on", "free": "on",
         "open_on": "2026-12-24", "accessibility": ["hearing_loop", "step_free_entrance"]},
        {"postal_code": "1", "open_on": "not a day", "accessibility": ["nonsense"]},
    ],
)  # fmt: skip
def test_quick_widgets_write_what_djangos_templates_write(demo_site, data):
    form = SupportPointFilterSet(data).form
    form.is_valid()
    compared = 0
    for bound in form:
        widget = bound.field.widget
        if not isinstance(widget, QuickInput):
            continue
        twin = stock_twin(widget)
        attrs = bound.build_widget_attrs({"id": bound.auto_id})
        value = bound.value()
        assert widget.render(bound.html_name, value, attrs) == twin.render(
            bound.html_name, value, attrs
        )
        for quick, stock in zip(
            widget.subwidgets(bound.html_name, value, attrs),
            twin.subwidgets(bound.html_name, value, attrs),
            strict=True,
        ):
            assert forms.boundfield.BoundWidget(widget, quick, None).tag() == (
                forms.boundfield.BoundWidget(twin, stock, None).tag()
            )
        compared += 1
    assert compared == 7  # q, postal code, open on, three tick boxes, accessibility
