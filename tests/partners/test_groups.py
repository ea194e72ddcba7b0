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
