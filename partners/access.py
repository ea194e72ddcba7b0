"""The groups and the workflow that give partners their editing rights.

Each organisation has one Wagtail group of editors with page permissions (add, change —
never publish) on the organisation's subtree; it is made and renamed here whenever the
organisation page is saved. Changes by editors go through the "Partner changes" workflow,
whose step partners.models.NetworkApprovalTask lets the reviewers of partners.roles
approve.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from directory.models import DirectoryPage, OrganisationPage
from partners.models import EditorGroup, NetworkApprovalTask
from partners.roles import COORDINATORS, COUNTY_MODERATORS, TRANSLATORS

GROUP_PREFIX = "Partner: "
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
TRANSLATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
# The entries translators translate (wagtail-localize edits a translation as its model).
TRANSLATED_VOCABULARIES = ("helptopic", "language", "targetgroup", "accessibilityfeature")
WORKFLOW_NAME = "Granskning av partnerändringar"
TASK_NAME = "Nätverkets samordnare godkänner"


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def group_name(organisation):
    suffix = f" ({organisation.pk})"
    return GROUP_PREFIX + organisation.title[: 150 - len(GROUP_PREFIX) - len(suffix)] + suffix


@transaction.atomic
def sync_organisation(organisation, *, with_workflow=True):
    """The organisation's editor group, with exactly the editor permissions → Group.
    Also makes sure the moderation workflow is in place, unless the caller does it once
    for many organisations."""
    link = EditorGroup.objects.select_related("group").filter(organisation=organisation).first()
    name = group_name(organisation)
    if link is None:
        group, _created = Group.objects.get_or_create(name=name)
        link = EditorGroup.objects.create(organisation=organisation, group=group)
    group = link.group
    if group.name != name:
        group.name = name
        group.save(update_fields=["name"])
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    wanted = [_permission("wagtailcore", codename) for codename in EDITOR_PAGE_PERMISSIONS]
    GroupPagePermission.objects.filter(group=group).exclude(
        page=organisation, permission__in=wanted
    ).delete()
    for permission in wanted:
        GroupPagePermission.objects.get_or_create(
            group=group, page=organisation, permission=permission
        )
    if with_workflow:
        ensure_workflow()
    return group


def ensure_moderators_group():
    return _reviewer_group(COUNTY_MODERATORS)


def ensure_coordinators_group():
    return _reviewer_group(COORDINATORS)


def ensure_translators_group():
    """Translators: the admin, the vocabularies' entries, and every page of the other
    languages' page trees (each tree's top page, made when a language's first page is
    translated). The Swedish pages are not theirs: editors submit a page for translation
    (its menu's *Translate*), translators translate and publish it in their language."""
    group, _created = Group.objects.get_or_create(name=TRANSLATORS)
    group.permissions.add(
        _permission("wagtailadmin", "access_admin"),
        *(_permission("directory", f"change_{model}") for model in TRANSLATED_VOCABULARIES),
    )
    wanted = [_permission("wagtailcore", codename) for codename in TRANSLATOR_PAGE_PERMISSIONS]
    tops = Page.objects.filter(depth=2).exclude(locale__language_code=settings.LANGUAGE_CODE)
    for page in tops:
        for permission in wanted:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )
    return group


def _reviewer_group(name):
    """A group that may use the admin and read and handle information reports."""
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(
        _permission("wagtailadmin", "access_admin"),
        _permission("directory", "view_informationreport"),
        _permission("directory", "change_informationreport"),
    )
    return group


def ensure_workflow():
    """The moderation workflow on every directory page that has no workflow of its own."""
    task = NetworkApprovalTask.objects.order_by("pk").first()
    if task is None:
        task = NetworkApprovalTask.objects.create(name=TASK_NAME)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for directory in DirectoryPage.originals.all():
        # Its own workflow, not the one inherited from the root ("Moderators approval").
        WorkflowPage.objects.get_or_create(page=directory, defaults={"workflow": workflow})
    return workflow


def sync_all():
    ensure_moderators_group()
    ensure_coordinators_group()
    ensure_translators_group()
    for organisation in OrganisationPage.originals.all():
        sync_organisation(organisation, with_workflow=False)
    ensure_workflow()
