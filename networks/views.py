"""The public referral page (/be-om-hjalp/): the form, the "who will receive it" preview
and the confirmation after sending. Logic lives in networks.forms and networks.referrals.
"""

from django.core import signing
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core import throttle
from networks.deadlines import deadline_of
from networks.forms import PublicReferralForm
from networks.models import Referral
from networks.referrals import create_referral, find_by_submission_token

RECEIPT_SALT = "networks.referral.receipt"
RECEIPT_PARAM = "kvitto"
RECEIPT_MAX_AGE = 24 * 60 * 60


def serve_referral_page(page, request):
    # Error reports (debug page, mail to ADMINS) must never show what the person typed.
    request.sensitive_post_parameters = "__ALL__"
    if RECEIPT_PARAM in request.GET:
        return _confirmation(page, request)
    if request.method != "POST":
        return _render(page, request, PublicReferralForm())
    refused = throttle.check(request, "referral-form")
    if refused is not None:
        return refused

    already = find_by_submission_token(request.POST.get("submission_token", ""))
    if already:  # refresh, back button or double click after a successful send
        return _redirect_to_receipt(request, already)
    form = PublicReferralForm(request.POST)
    valid = form.is_valid()
    if request.POST.get("action") == "preview":
        form.location_only_errors()
        return _render(page, request, form, preview=True)
    if not valid:
        return _render(page, request, form, status=400)
    spam_message = form.check_spam()
    if spam_message:
        return _render(page, request, form.fresh_copy(), spam_message=spam_message, status=400)
    referral, _created = create_referral(
        form.cleaned_data, form.decision, submission_token=form.cleaned_data["submission_token"]
    )
    return _redirect_to_receipt(request, referral)


def _render(page, request, form, *, preview=False, spam_message="", status=200):
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "preview": preview,
            "decision": form.decision if preview or form.is_bound else None,
            "spam_message": spam_message,
            "show_error_summary": form.is_bound and bool(form.errors) and not spam_message,
        }
    )
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    add_never_cache_headers(response)
    return response


def receipt_token(referral):
    return signing.dumps(referral.pk, salt=RECEIPT_SALT)


def _redirect_to_receipt(request, referral):
    return redirect(f"{request.path}?{urlencode({RECEIPT_PARAM: receipt_token(referral)})}")


def _confirmation(page, request):
    try:
        pk = signing.loads(request.GET[RECEIPT_PARAM], salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
        referral = Referral.objects.select_related("network").get(pk=pk)
    except (signing.BadSignature, Referral.DoesNotExist, TypeError, ValueError):
        referral = None
    context = page.get_context(request)
    context.update(
        {
            "referral": referral,
            "deadline": deadline_of(referral) if referral else None,
            "page_title": _("Your request has been sent") if referral else page.title,
        }
    )
    response = TemplateResponse(
        request,
        "networks/referral_confirmation.html",
        context,
        status=200 if referral else 404,
    )
    add_never_cache_headers(response)
    return response
