"""The editors' actions on their dashboard panel (/admin/partners/): confirm a listing as
still correct, mark a report about one handled. Each object is looked up inside the
user's own scope, so another organisation's id in the URL changes nothing.

(Partner editors: partners.editors_admin; out-of-date listings: partners.outdated_report;
information reports: partners.information_reports.)
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import InformationReport, SupportPointPage
from partners import freshness, roles
from partners.forms import HandledForm


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
