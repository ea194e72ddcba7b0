"""Page permissions of organisations and support points, on top of Wagtail's:

- editors (change permission, no publish permission) may take their own support points
  off the site; publishing still needs approval;
- reviewers get no page permission at all: their approval publishes the page through
  partners.workflows.publish_approved (the partners app).
"""

from wagtail.models import PagePermissionTester


class PartnerPagePermissionTester(PagePermissionTester):
    def can_unpublish(self):
        if super().can_unpublish():
            return True
        return (
            getattr(self.page.specific_class, "editors_may_unpublish", False)
            and self.user.is_active
            and self.page.live
            and not self.page_locked()
            and "change" in self.permissions
        )
