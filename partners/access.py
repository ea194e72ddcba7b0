"""Who edits, reviews and manages which organisation's pages.

Each organisation has one Wagtail group of editors with page permissions (add, change —
never publish) on the organisation's subtree; it is made and renamed here whenever the
organisation page is saved. Changes by editors go through the "Partner changes" workflow,
reviewed by the coordinators of the networks where the organisation has support points,
or by the county's directory moderators (and administrators).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from directory.models import (
    DirectoryPage,
    InformationReport,
    OrganisationPage,
    SupportPointPage,
)
from partners.models import EditorGroup, NetworkApprovalTask

COUNTY_MODERATORS = "Länsmoderatorer"
# Coordinators log into the admin through this group; which referrals and partners they
# see follows from the networks they coordinate (Admin → Networks), not from the group.
COORDINATORS = "Samordnare"
GROUP_PREFIX = "Partner: "
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
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
    for directory in DirectoryPage.objects.all():
        # Its own workflow, not the one inherited from the root ("Moderators approval").
        WorkflowPage.objects.get_or_create(page=directory, defaults={"workflow": workflow})
    return workflow


def sync_all():
    ensure_moderators_group()
    ensure_coordinators_group()
    for organisation in OrganisationPage.objects.all():
        sync_organisation(organisation, with_workflow=False)
    ensure_workflow()


# --- Who is who ----------------------------------------------------------------------


def editors(organisation):
    """Active users who edit the organisation's pages."""
    return (
        get_user_model()
        .objects.filter(groups__partner_organisation__organisation=organisation, is_active=True)
        .order_by("email", "username")
    )


def editable_organisations(user):
    """The organisations whose editor group the user is in."""
    if not user.is_authenticated:
        return OrganisationPage.objects.none()
    return OrganisationPage.objects.filter(editor_group__group__user=user).order_by("title")


def is_county_moderator(user):
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.groups.filter(name=COUNTY_MODERATORS).exists())
    )


def can_manage_partners(user):
    """Coordinators, county moderators and administrators manage partners' editors."""
    return is_county_moderator(user) or (
        user.is_authenticated and user.is_active and user.coordinated_networks.exists()
    )


def managed_organisations(user):
    """All organisations for moderators; for a coordinator, those with a support point in
    a municipality one of their networks serves."""
    if is_county_moderator(user):
        return OrganisationPage.objects.all()
    if not can_manage_partners(user):
        return OrganisationPage.objects.none()
    paths = SupportPointPage.objects.filter(municipality__networks__coordinators=user).values_list(
        "path", flat=True
    )
    parents = {path[: -Page.steplen] for path in paths}
    return OrganisationPage.objects.filter(path__in=parents)


def in_subtrees(paths, field="path"):
    """A filter: pages (through `field`) at or below any of the tree paths."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def reviewable_page_ids(user):
    """Ids of the pages (organisations and their support points) a coordinator reviews."""
    paths = list(managed_organisations(user).values_list("path", flat=True))
    if not paths:
        return []
    return list(Page.objects.filter(in_subtrees(paths)).values_list("pk", flat=True))


def organisation_of(page):
    """The organisation a page belongs to (itself or an ancestor), or None."""
    prefixes = [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    return OrganisationPage.objects.filter(path__in=prefixes).order_by("-depth").first()


def can_review(page, user):
    if not (user.is_authenticated and user.is_active):
        return False
    if is_county_moderator(user):
        return True
    organisation = organisation_of(page)
    return (
        organisation is not None
        and managed_organisations(user).filter(pk=organisation.pk).exists()
    )


def reviewers(page):
    """Users who can approve a change to the page: the coordinators of the organisation's
    networks and the county moderators."""
    from networks.models import Network

    organisation = organisation_of(page)
    networks = (
        Network.objects.filter(
            municipalities__support_points__path__startswith=organisation.path
        ).distinct()
        if organisation
        else Network.objects.none()
    )
    return (
        get_user_model()
        .objects.filter(
            Q(coordinated_networks__in=networks) | Q(groups__name=COUNTY_MODERATORS),
            is_active=True,
        )
        .distinct()
    )


def can_edit_listing(user, point):
    """Whether the user may confirm or act for this support point as its editor."""
    if user.is_superuser:
        return True
    return editable_organisations(user).filter(path=point.path[: -Page.steplen]).exists()


def visible_reports(user):
    """The information reports `user` may read (they may carry the reporter's contact):
    county moderators every one; coordinators those about organisations in their
    networks; partner editors those about their own organisations."""
    reports = InformationReport.objects.select_related("page")
    if is_county_moderator(user):
        return reports
    paths = [
        *managed_organisations(user).values_list("path", flat=True),
        *editable_organisations(user).values_list("path", flat=True),
    ]
    if not paths:
        return reports.none()
    return reports.filter(in_subtrees(paths, "page__path"))
