"""Signals (connected in PartnersConfig.ready): editor groups follow their organisation
pages; reviewers are emailed when a change waits for them (Wagtail itself emails the
editor when it is approved or rejected); a resident's report of wrong information is
passed on once it is stored; an approved change to a support point confirms its listing."""

from functools import partial

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import page_published, task_submitted, workflow_approved

from core.models import source_locale_id
from directory.models import InformationReport, OrganisationPage, SupportPointPage
from partners import access, freshness, roles, tasks
from partners.models import EditorGroup, NetworkApprovalTask


def keep_editor_group(sender, instance, raw=False, **kwargs):
    """Partners edit their organisation in Swedish; its translations are translators'."""
    if not raw and instance.is_original:
        access.sync_organisation(instance)


def drop_editor_group(sender, instance, **kwargs):
    instance.group.delete()


def pass_on_report(sender, instance, created, raw=False, **kwargs):
    """Email the report's recipients after the commit: the report is kept even when
    sending fails."""
    if created and not raw:
        transaction.on_commit(partial(tasks.notify_information_report.enqueue, instance.pk))


def new_language_tree(sender, instance, **kwargs):
    """A language's first translated page makes its tree: translators may work in it."""
    if instance.depth == 2 and instance.locale_id != source_locale_id():
        access.ensure_translators_group()


def sync_after_migrate(sender, **kwargs):
    """After `migrate` (and a test flush): make sure the permissions the groups use exist
    (Wagtail's apps come after this one), then bring every group in step."""
    if sender.name != "partners":
        return
    for label in ("wagtailcore", "wagtailadmin", "directory"):
        create_permissions(apps.get_app_config(label), verbosity=0)
    access.sync_all()


class ReviewRequestNotifier(EmailNotificationMixin, Notifier):
    """Wagtail's "submitted for approval" email, to the change's reviewers."""

    notification = "submitted"

    def __init__(self):
        super().__init__((TaskState,))

    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and isinstance(
            instance.task.specific, NetworkApprovalTask
        )

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["task"] = task_state.task.specific
        context["object"] = task_state.workflow_state.content_object
        context["model_name"] = context["object"]._meta.verbose_name
        context["page"] = context["object"].specific
        return context

    def get_recipient_users(self, task_state, **kwargs):
        users = roles.reviewers(task_state.workflow_state.content_object)
        if kwargs.get("user"):
            users = users.exclude(pk=kwargs["user"].pk)
        return set(users)


def confirm_approved_listing(sender, instance, user=None, **kwargs):
    """A reviewer approved a change to a support point: the listing was looked at and is
    current, so its "information last verified" date moves to today (after Wagtail has
    published the approved revision)."""
    page = getattr(instance.content_object, "specific", None)
    if isinstance(page, SupportPointPage):
        freshness.confirm(page, user=user)


def connect():
    post_save.connect(keep_editor_group, sender=OrganisationPage, dispatch_uid="editor-group")
    post_delete.connect(drop_editor_group, sender=EditorGroup, dispatch_uid="drop-editor-group")
    post_save.connect(pass_on_report, sender=InformationReport, dispatch_uid="pass-on-report")
    post_migrate.connect(sync_after_migrate, dispatch_uid="partners_sync")
    page_published.connect(new_language_tree, dispatch_uid="translators-new-tree")
    workflow_approved.connect(
        confirm_approved_listing, sender=WorkflowState, dispatch_uid="partners_confirm_listing"
    )
    task_submitted.connect(
        ReviewRequestNotifier(), sender=TaskState, dispatch_uid="partners_review_request_email"
    )
