"""No element id is used twice on the partners' and the vocabularies' admin pages (labels,
aria references and skip links point at ids; a duplicate sends them to the wrong place),
with results, filters, searches and form errors on the page."""

import datetime

import pytest
from django.utils import timezone

from directory.models import HelpTopic, InformationReport, Language, SupportPointPage, TargetGroup
from geography.models import Municipality
from tests.partners.adminpage import duplicate_ids
from tests.partners.conftest import first_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(org_a, org_b):
    """An out-of-date listing in Jönköping and in Vetlanda, and a report about each."""
    old = timezone.localdate() - datetime.timedelta(days=400)
    points = [first_point(org_a), first_point(org_b)]
    SupportPointPage.objects.filter(pk__in=[p.pk for p in points]).update(last_verified=old)
    reports = [InformationReport.objects.create(page=p, message="Fel") for p in points]
    return {"organisation": org_a, "report": reports[0], "point": points[0]}


def _pages(content):
    organisation, report = content["organisation"], content["report"]
    municipality = content["point"].municipality
    return [
        ("get", "/admin/", None),
        ("get", "/admin/reports/out-of-date-listings/", None),
        ("get", f"/admin/reports/out-of-date-listings/?municipality={municipality.pk}", None),
        ("get", "/admin/reports/out-of-date-listings/?ordering=-last_verified", None),
        ("get", "/admin/partners/editors/", None),
        ("get", "/admin/partners/editors/?q=bibliotek", None),
        ("get", f"/admin/partners/editors/{organisation.pk}/", None),
        ("post", f"/admin/partners/editors/{organisation.pk}/", {"email": "inte en adress"}),
        ("get", "/admin/snippets/directory/informationreport/", None),
        ("get", "/admin/snippets/directory/informationreport/?handled=false", None),
        ("get", f"/admin/snippets/directory/informationreport/edit/{report.pk}/", None),
    ]


def _vocabulary_pages():
    pages = []
    for model in (HelpTopic, Language, TargetGroup, Municipality):
        base = f"/admin/snippets/{model._meta.app_label}/{model._meta.model_name}/"
        term = model.objects.order_by("pk").first()
        pages += [
            ("get", base, None),
            ("get", base + "?q=a&ordering=-name", None),
            ("get", f"{base}edit/{term.pk}/", None),
            ("post", f"{base}edit/{term.pk}/", {"name": ""}),  # errors next to the fields
            ("get", f"{base}delete/{term.pk}/", None),  # in use: says where instead
        ]
    return pages


def _assert_unique_ids(client, pages):
    for method, url, data in pages:
        response = getattr(client, method)(url, data)
        assert response.status_code in (200, 400), (url, response.status_code)
        assert duplicate_ids(response.content.decode()) == {}, url


def test_coordinators_partner_pages_have_unique_ids(client, people, content):
    client.force_login(people["coordinator"])
    _assert_unique_ids(client, _pages(content))


def test_administrators_pages_have_unique_ids(client, people, content):
    client.force_login(people["admin"])
    _assert_unique_ids(client, _pages(content) + _vocabulary_pages())
