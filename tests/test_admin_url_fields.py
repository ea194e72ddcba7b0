"""An editor who types a web address without its scheme gets https, in every admin form
with a link: Wagtail's admin forms say so for each URLField (Django 5.2 would still assume
http, and warns about it)."""

import pytest

from directory.models import OrganisationPage, SupportPointPage
from networks.network_admin import NetworkForm


def page_form(page_class):
    return page_class.get_edit_handler().get_form_class()


@pytest.mark.parametrize(
    ("form_class_of", "field"),
    [
        (lambda: NetworkForm, "website"),
        (lambda: page_form(OrganisationPage), "website"),
        (lambda: page_form(SupportPointPage), "website"),
        (lambda: page_form(SupportPointPage), "booking_url"),
    ],
    ids=["network website", "organisation website", "support point website", "booking link"],
)
def test_an_address_without_a_scheme_is_read_as_https(form_class_of, field):
    url_field = form_class_of().base_fields[field]
    assert url_field.clean("bibliotek.example.se/boka") == "https://bibliotek.example.se/boka"
