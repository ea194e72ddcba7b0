"""Who edits, reviews and manages which organisation's pages, read from the database.

Editors are the members of an organisation's editor group (made by partners.access).
Changes by editors are reviewed by the coordinators of the networks where the
organisation has support points, or by the county's directory moderators (and
administrators); coordinators and moderators also manage the editors.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import Page

from core.groups import COUNTY_MODERATORS
from directory.models import InformationReport, OrganisationPage, SupportPointPage
from geography.models import Municipality
from networks.models import Network

# Coordinators log into the admin through this group; which referrals and partners they
# see follows from the networks they coordinate (Admin → Networks), not from the group.
COORDINATORS = "Samordnare"
# Translate pages in the other languages' page trees and the vocabularies' entries.
TRANSLATORS = "Översättare"


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
        return OrganisationPage.originals.none()
    return OrganisationPage.originals.filter(editor_group__group__user=user).order_by("title")


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
        return OrganisationPage.originals.all()
    if not can_manage_partners(user):
        return OrganisationPage.originals.none()
    paths = SupportPointPage.originals.filter(
        municipality__networks__coordinators=user
    ).values_list("path", flat=True)
    parents = {path[: -Page.steplen] for path in paths}
    return OrganisationPage.originals.filter(path__in=parents)


def visible_municipalities(user):
    """The municipalities whose partners the user looks after: all for moderators; for a
    coordinator, those their networks serve."""
    if is_county_moderator(user):
        return Municipality.objects.all()
    if not (user.is_authenticated and user.is_active):
        return Municipality.objects.none()
    return Municipality.objects.filter(networks__coordinators=user).distinct()


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
    return OrganisationPage.originals.filter(path__in=prefixes).order_by("-depth").first()


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
