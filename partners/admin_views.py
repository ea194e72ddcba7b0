"""The partner screens of the Wagtail admin (/admin/partners/).

Editors confirm their listings and mark reports about them handled (from the dashboard).
Coordinators, county moderators and administrators invite and remove editors of the
organisations in their networks and see the out-of-date listings of their municipalities.
Every object is looked up inside the user's own scope, so another organisation's id in
the URL is a 404.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import InformationReport, SupportPointPage
from geography.models import Municipality
from partners import freshness, invitations, roles
from partners.forms import HandledForm, InviteForm


def manager_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not roles.can_manage_partners(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _back(request):
    return redirect("wagtailadmin_home")


# --- Editors: their own listings -----------------------------------------------------


@require_POST
def confirm_listing(request, pk):
    point = get_object_or_404(SupportPointPage, pk=pk)
    if not roles.can_edit_listing(request.user, point):
        raise PermissionDenied
    freshness.confirm(point, user=request.user)
    messages.success(
        request, _("Thank you! “%(title)s” is marked as still correct.") % {"title": point.title}
    )
    return _back(request)


def reports_for_editor(user):
    """Open reports about the support points of the user's organisations."""
    paths = list(roles.editable_organisations(user).values_list("path", flat=True))
    if not paths:
        return InformationReport.objects.none()
    reports = InformationReport.objects.filter(handled=False).select_related("page")
    return reports.filter(roles.in_subtrees(paths, "page__path"))


@require_POST
def report_handled(request, pk):
    report = get_object_or_404(roles.visible_reports(request.user).filter(handled=False), pk=pk)
    form = HandledForm(request.POST, instance=report)
    if form.is_valid():
        report = form.save(commit=False)
        report.handled = True
        report.save(update_fields=["handled", "handled_note"])
        messages.success(request, _("The report is marked as handled."))
    else:
        messages.error(request, form.errors["handled_note"][0])
    return _back(request)


# --- Coordinators: editors of organisations ------------------------------------------


@manager_required
def editors_index(request):
    organisations = roles.managed_organisations(request.user).order_by("title")
    counts = dict(
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__partner_organisation__organisation__in=organisations,
        )
        .values_list("groups__partner_organisation__organisation")
        .annotate(n=Count("pk", distinct=True))
    )
    rows = [(organisation, counts.get(organisation.pk, 0)) for organisation in organisations]
    return TemplateResponse(request, "partners/admin/editors_index.html", {"rows": rows})


@manager_required
def organisation_editors(request, pk):
    organisation = get_object_or_404(roles.managed_organisations(request.user), pk=pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, _created = invitations.invite(
                organisation,
                form.cleaned_data["email"],
                form.cleaned_data["first_name"],
                form.cleaned_data["last_name"],
                invited_by=request.user,
            )
        except invitations.InvitationRefused:
            form.add_error(
                "email",
                _("This address belongs to a deactivated account. Ask an administrator."),
            )
        else:
            messages.success(
                request,
                _("%(email)s can now edit %(organisation)s and has been sent an email.")
                % {"email": user.email, "organisation": organisation.title},
            )
            return redirect("partners_admin:organisation_editors", pk=organisation.pk)
    return TemplateResponse(
        request,
        "partners/admin/organisation_editors.html",
        {
            "organisation": organisation,
            "editors": roles.editors(organisation),
            "form": form,
            "listings": freshness.listings_of(organisation),
        },
        status=400 if form.is_bound else 200,
    )


@manager_required
@require_POST
def remove_editor(request, pk, user_pk):
    organisation = get_object_or_404(roles.managed_organisations(request.user), pk=pk)
    user = get_object_or_404(roles.editors(organisation), pk=user_pk)
    invitations.remove(organisation, user)
    messages.success(
        request,
        _("%(name)s can no longer edit %(organisation)s.")
        % {
            "name": user.get_full_name() or user.email or user.username,
            "organisation": organisation.title,
        },
    )
    return redirect("partners_admin:organisation_editors", pk=organisation.pk)


# --- Coordinators: out-of-date listings ----------------------------------------------


def visible_municipalities(user):
    if roles.is_county_moderator(user):
        return Municipality.objects.all()
    return Municipality.objects.filter(networks__coordinators=user).distinct()


@manager_required
def outdated(request):
    municipalities = list(visible_municipalities(request.user).order_by("name"))
    points = list(freshness.outdated_listings(municipalities))
    parents = {point.path[: -SupportPointPage.steplen] for point in points}
    organisations = {
        organisation.path: organisation
        for organisation in roles.managed_organisations(request.user).filter(path__in=parents)
    }
    by_municipality = {municipality.pk: [] for municipality in municipalities}
    for point in points:
        by_municipality[point.municipality_id].append(
            {
                "point": point,
                "organisation": organisations.get(point.path[: -SupportPointPage.steplen]),
                "age_days": freshness.age_in_days(point.last_verified),
            }
        )
    rows = [(municipality, by_municipality[municipality.pk]) for municipality in municipalities]
    return TemplateResponse(
        request,
        "partners/admin/outdated.html",
        {"rows": rows, "total": len(points), "months": freshness.OUTDATED_AFTER_MONTHS},
    )


def outdated_count(user):
    return freshness.outdated_listings(list(visible_municipalities(user))).count()
