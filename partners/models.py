"""Partner editing: each organisation's group of editors, and the moderation step in
which the coordinators of the organisation's networks approve the editors' changes."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from partners import roles


class EditorGroup(models.Model):
    """The Wagtail group whose members edit one organisation's pages (made and renamed
    automatically, see partners.access)."""

    organisation = models.OneToOneField(
        "directory.OrganisationPage",
        on_delete=models.CASCADE,
        related_name="editor_group",
        verbose_name=_("organisation"),
    )
    group = models.OneToOneField(
        Group,
        on_delete=models.CASCADE,
        related_name="partner_organisation",
        verbose_name=_("group"),
    )
    reminded_at = models.DateTimeField(_("last verification reminder"), null=True, blank=True)

    class Meta:
        verbose_name = _("editor group")
        verbose_name_plural = _("editor groups")

    def __str__(self):
        return self.group.name


class NetworkApprovalTask(Task):
    """Approval by the coordinators of the networks where the organisation has support
    points, or by the county's directory moderators (and administrators)."""

    # Its approval publishes the page although reviewers have no page permissions
    # (partners.workflows).
    approval_publishes = True

    def user_can_access_editor(self, obj, user):
        return self._can_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self._can_review(obj, user)

    def user_can_lock(self, obj, user):
        return self._can_review(obj, user)

    def get_actions(self, obj, user):
        if not self._can_review(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if roles.is_county_moderator(user):
            return states
        page_ids = roles.reviewable_page_ids(user)
        if not page_ids:
            return TaskState.objects.none()
        return states.filter(workflow_state__object_id__in=[str(pk) for pk in page_ids])

    def _can_review(self, obj, user):
        return roles.can_review(obj, user)

    @classmethod
    def get_description(cls):
        return _(
            "The coordinators of the networks where the organisation has support points, "
            "or the county's directory moderators, approve the change"
        )

    class Meta:
        verbose_name = _("network coordinators' approval")
        verbose_name_plural = _("network coordinators' approvals")
