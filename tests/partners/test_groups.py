"""The standing groups exist on every installation, not only with the demo data."""

import pytest
from django.contrib.auth.models import Group

from partners import access, roles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", [roles.COORDINATORS, roles.COUNTY_MODERATORS])
def test_reviewer_groups_may_use_the_admin_and_handle_reports(name):
    access.sync_all()  # what post_migrate runs
    group = Group.objects.get(name=name)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert codenames == {"access_admin", "view_informationreport", "change_informationreport"}
    assert not group.page_permissions.exists()


def test_translators_work_in_the_other_languages_trees_only(demo_site, django_user_model):
    """A translator edits and publishes the English pages and the vocabularies'
    translations, not the Swedish pages."""
    from django.test import Client
    from wagtail.models import Page

    access.sync_all()
    translator = django_user_model.objects.create_user("oversattare", password="x")
    translator.groups.add(Group.objects.get(name=roles.TRANSLATORS))
    client = Client()
    client.force_login(translator)

    def page(language):
        return Page.objects.get(slug="om-tjansten", locale__language_code=language)

    english, swedish = page("en"), page("sv")
    assert english.permissions_for_user(translator).can_publish()
    assert not swedish.permissions_for_user(translator).can_edit()
    assert client.get(f"/admin/pages/{english.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{swedish.pk}/edit/").status_code in (302, 403)
    assert client.get("/admin/snippets/directory/helptopic/").status_code == 200
