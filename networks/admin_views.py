"""The coordinators' referral area in the Wagtail admin (/admin/referrals/).

Every view finds its referral through `visible_referrals(user)`, the referrals of the
networks the user coordinates, so another network's referral is a 404 whatever the URL.
Users who coordinate no network (partner editors) get 403; anonymous users are sent to
the login page by Wagtail's admin access check.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import security_log
from networks import dsar, exports, referrals, retention
from networks.forms import (
    AssignForm,
    ErasureForm,
    ForwardForm,
    NoteForm,
    PhoneReferralForm,
    ReferralFilter,
    StatusForm,
)
from networks.models import ReferralEvent, ReferralSource, ReferralStatus

PAGE_SIZE = 50


def coordinator_required(view):
    """Coordinators only; every answer carries personal data, so none is ever cached."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not referrals.can_handle_referrals(request.user):
            security_log.event("referral_access_denied", request, view=view.__name__)
            raise PermissionDenied
        request.sensitive_post_parameters = "__ALL__"  # never in error reports
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapped


def _referral(request, pk):
    queryset = referrals.visible_referrals(request.user).select_related(
        "network", "municipality", "language", "assigned_to", "created_by"
    )
    referral = queryset.filter(pk=pk).first()
    if referral is None:
        # Another network's referral, or none at all: the same 404 either way.
        security_log.event("referral_not_visible", request, referral=pk)
        raise Http404
    return referral


def _filtered(request):
    queryset = (
        referrals.visible_referrals(request.user)
        .select_related("network", "municipality")
        .prefetch_related("topics")
    )
    return ReferralFilter(request.GET or None, queryset=queryset)


@coordinator_required
def index(request):
    filterset = _filtered(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "networks/admin/index.html",
        {
            "filterset": filterset,
            "page_obj": page,
            "query": query.urlencode(),
            "counts": status_counts(request.user),
        },
    )


def status_counts(user):
    rows = referrals.visible_referrals(user).values("status").annotate(n=Count("pk"))
    by_status = {row["status"]: row["n"] for row in rows}
    return [(value, label, by_status.get(value, 0)) for value, label in ReferralStatus.choices]


@coordinator_required
def export(request):
    filterset = _filtered(request)
    rows = list(filterset.qs.select_related("language", "assigned_to"))
    referrals.record_export(rows, request.user)
    return exports.csv_response(rows, "referrals.csv")


@coordinator_required
def export_one(request, pk):
    referral = _referral(request, pk)
    referrals.record_export([referral], request.user)
    return exports.csv_response([referral], f"{referral.reference}.csv")


@coordinator_required
def detail(request, pk):
    referral = _referral(request, pk)
    referrals.record_access(referral, request.user)
    return _detail_response(request, referral)


def _detail_response(request, referral, forms=None, conflict=False, status=200):
    initial = {"version": referral.version}
    forms = forms or {}
    context = {
        "referral": referral,
        "events": referral.events.select_related("user"),
        "status_form": forms.get("status")
        or StatusForm(initial={**initial, "status": referral.status}),
        "assign_form": forms.get("assign")
        or AssignForm(
            initial={**initial, "assigned_to": referral.assigned_to_id},
            network=referral.network,
        ),
        "note_form": forms.get("note") or NoteForm(initial=initial),
        "forward_form": forms.get("forward")
        or ForwardForm(initial=initial, current=referral.network),
        "conflict": conflict,
    }
    return TemplateResponse(request, "networks/admin/detail.html", context, status=status)


@coordinator_required
def history(request, pk):
    referral = _referral(request, pk)
    return TemplateResponse(
        request,
        "networks/admin/history.html",
        {"referral": referral, "events": referral.events.select_related("user")},
    )


ACTIONS = {
    "status": (
        StatusForm,
        lambda r, v, u, d: referrals.change_status(r, v, u, d["status"], d["note"]),
    ),
    "assign": (
        AssignForm,
        lambda r, v, u, d: referrals.assign(r, v, u, d["assigned_to"], d["note"]),
    ),
    "note": (NoteForm, lambda r, v, u, d: referrals.add_note(r, v, u, d["note"])),
    "forward": (
        ForwardForm,
        lambda r, v, u, d: referrals.forward(r, v, u, d["network"], d["reason"]),
    ),
}


def _form_for(action, referral, data):
    form_class = ACTIONS[action][0]
    if form_class is AssignForm:
        return form_class(data, network=referral.network)
    if form_class is ForwardForm:
        return form_class(data, current=referral.network)
    return form_class(data)


@coordinator_required
@require_POST
def act(request, pk, action):
    referral = _referral(request, pk)
    form = _form_for(action, referral, request.POST)
    if not form.is_valid():
        return _detail_response(request, referral, forms={action: form}, status=400)
    try:
        changed = ACTIONS[action][1](
            referral, form.cleaned_data["version"], request.user, form.cleaned_data
        )
    except referrals.AnonymisedReferral:
        messages.error(request, _("This referral's personal data was removed; it is closed."))
        return redirect("networks_referrals:detail", pk=referral.pk)
    except referrals.StaleReferral:
        referral.refresh_from_db()
        return _detail_response(request, referral, conflict=True, status=409)
    messages.success(request, _done(action, changed))
    if not referrals.visible_referrals(request.user).filter(pk=changed.pk).exists():
        return redirect("networks_referrals:index")
    return redirect("networks_referrals:detail", pk=changed.pk)


def _done(action, referral):
    if action == "forward":
        return _("%(reference)s was forwarded to %(network)s.") % {
            "reference": referral.reference,
            "network": referral.network.name,
        }
    return {
        "status": _("Status changed."),
        "assign": _("Assignment saved."),
        "note": _("Note added."),
    }[action]


@coordinator_required
def create(request):
    """Register a referral taken by phone: the same questions as the public form."""
    form = PhoneReferralForm(request.POST or None)
    token = referrals.valid_submission_token(request.POST.get("submission_token"))
    if request.method == "POST" and form.is_valid():
        referral, _created = referrals.create_referral(
            form.cleaned_data,
            form.decision,
            submission_token=token,
            source=ReferralSource.PHONE,
            user=request.user,
        )
        messages.success(
            request,
            _("%(reference)s was registered and sent to %(network)s.")
            % {"reference": referral.reference, "network": referral.network.name},
        )
        if referrals.visible_referrals(request.user).filter(pk=referral.pk).exists():
            return redirect("networks_referrals:detail", pk=referral.pk)
        return redirect("networks_referrals:index")
    return TemplateResponse(
        request,
        "networks/admin/create.html",
        {"form": form, "submission_token": token},
        status=400 if form.is_bound else 200,
    )


# --- Data subject access requests ----------------------------------------------------


@coordinator_required
def data(request, pk):
    """Everything stored about one referral, readable (and printable) in the admin."""
    referral = _referral(request, pk)
    _record_data_export(request, referral, "page")
    return TemplateResponse(
        request,
        "networks/admin/data.html",
        {"referral": referral, "rows": dsar.rows(referral), "events": dsar.events(referral)},
    )


@coordinator_required
def data_json(request, pk):
    """The same as a JSON file, to send to the person."""
    referral = _referral(request, pk)
    _record_data_export(request, referral, "json")
    response = HttpResponse(dsar.as_json(referral), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{referral.reference}.json"'
    return response


def _record_data_export(request, referral, kind):
    referrals.record_access(referral, request.user, kind=ReferralEvent.Kind.DATA_EXPORT)
    security_log.event("dsar_export", request, referral=referral.pk, format=kind)


@coordinator_required
def erase(request, pk):
    """Erase the personal data at the person's request: a confirmation page (GET), then
    the erasure (POST, with a reason). The anonymous statistical record stays."""
    referral = _referral(request, pk)
    if referral.is_anonymised:
        messages.info(request, _("This referral's personal data has already been removed."))
        return redirect("networks_referrals:detail", pk=referral.pk)
    form = ErasureForm(
        request.POST if request.method == "POST" else None,
        initial={"version": referral.version},
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["version"] != referral.version:
            return _erase_page(request, referral, form, conflict=True, status=409)
        retention.anonymise(
            referral.pk,
            kind=ReferralEvent.Kind.ERASED,
            note=form.cleaned_data["reason"],
            user=request.user,
        )
        security_log.event("dsar_erase", request, referral=referral.pk)
        messages.success(
            request,
            _("The personal data of %(reference)s was erased.")
            % {"reference": referral.reference},
        )
        return redirect("networks_referrals:detail", pk=referral.pk)
    return _erase_page(request, referral, form, status=400 if form.is_bound else 200)


def _erase_page(request, referral, form, *, conflict=False, status=200):
    return TemplateResponse(
        request,
        "networks/admin/erase.html",
        {
            "referral": referral,
            "form": form,
            "conflict": conflict,
            "cleared": [
                str(referral._meta.get_field(name).verbose_name)
                for name in retention.CLEARED_FIELDS
            ],
        },
        status=status,
    )


def new_count(user):
    """New referrals waiting in the user's networks (dashboard and menu)."""
    return (
        referrals.visible_referrals(user).filter(status=ReferralStatus.NEW).count()
        if referrals.can_handle_referrals(user)
        else 0
    )
