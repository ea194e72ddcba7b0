"""Page permissions of organisations and support points, on top of Wagtail's:

- editors (change permission, no publish permission) may take their own support points
  off the site; publishing still needs approval;
- reviewers get no page permission at all: their approval publishes the page through
  partners.workflows.publish_approved.
"""

from wagtail.models import PagePermissionTester

from directory.models import SupportPointPage


class PartnerPagePermissionTester(PagePermissionTester):
    def can_unpublish(self):
        if super().can_unpublish():
            return True
        return (
            self.page.specific_class is SupportPointPage
            and self.user.is_active
            and self.page.live
            and not self.page_locked()
            and "change" in self.permissions
        )
