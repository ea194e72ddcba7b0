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
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from networks import exports, referrals
from networks.forms import (
    AssignForm,
    ForwardForm,
    NoteForm,
    PhoneReferralForm,
    ReferralFilter,
    StatusForm,
)
from networks.models import ReferralSource, ReferralStatus

PAGE_SIZE = 50


def coordinator_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not referrals.can_handle_referrals(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _referral(request, pk):
    queryset = referrals.visible_referrals(request.user).select_related(
        "network", "municipality", "language", "assigned_to", "created_by"
    )
    return get_object_or_404(queryset, pk=pk)


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


def new_count(user):
    """New referrals waiting in the user's networks (dashboard and menu)."""
    return (
        referrals.visible_referrals(user).filter(status=ReferralStatus.NEW).count()
        if referrals.can_handle_referrals(user)
        else 0
    )
