"""The public referral page (/be-om-hjalp/): the form, the "who will receive it" preview
and the confirmation after sending; below it, the short "call me" form (ring-mig/), whose
referrals get the same confirmation. Logic lives in networks.forms and networks.referrals.
"""

from django.core import signing
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core import throttle
from networks.deadlines import deadline_of
from networks.forms import CallMeForm, PublicReferralForm
from networks.models import Referral, ReferralSource
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
            "call_me_url": request.path + page.reverse_subpage("call_me"),
        }
    )
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    add_never_cache_headers(response)
    return response


# --- The short "call me" form ----------------------------------------------------------


def serve_call_me(page, request):
    """Name, phone, place and consent (networks.forms.CallMeForm), guarded and limited
    like the full form; it becomes an ordinary referral from the source "short" and leads
    to the same receipt, on the referral page."""
    request.sensitive_post_parameters = "__ALL__"
    if request.method != "POST":
        return _render_call_me(page, request, CallMeForm())
    refused = throttle.check(request, "referral-form")
    if refused is not None:
        return refused

    receipt_path = _referral_page_path(page, request)
    already = find_by_submission_token(request.POST.get("submission_token", ""))
    if already:  # refresh, back button or double click after a successful send
        return _redirect_to_receipt(request, already, path=receipt_path)
    form = CallMeForm(request.POST)
    if not form.is_valid():
        return _render_call_me(page, request, form, status=400)
    spam_message = form.check_spam()
    if spam_message:
        return _render_call_me(
            page, request, form.fresh_copy(), spam_message=spam_message, status=400
        )
    referral, _created = create_referral(
        form.referral_data(),
        form.decision,
        submission_token=form.cleaned_data["submission_token"],
        source=ReferralSource.SHORT,
    )
    return _redirect_to_receipt(request, referral, path=receipt_path)


def _referral_page_path(page, request):
    """The referral page's path as the visitor reached it (in their language's prefix),
    from the call-me form's path below it."""
    return request.path.removesuffix(page.reverse_subpage("call_me"))


def _render_call_me(page, request, form, *, spam_message="", status=200):
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "spam_message": spam_message,
            "show_error_summary": form.is_bound and bool(form.errors) and not spam_message,
            "referral_page_url": _referral_page_path(page, request),
            "page_title": _("Ask us to call you"),
        }
    )
    response = TemplateResponse(request, "networks/call_me.html", context, status=status)
    add_never_cache_headers(response)
    return response


def receipt_token(referral):
    return signing.dumps(referral.pk, salt=RECEIPT_SALT)


def _redirect_to_receipt(request, referral, path=None):
    """To the receipt on the referral page (`path`: its path, when the request was made
    elsewhere, as from the call-me form)."""
    path = path or request.path
    return redirect(f"{path}?{urlencode({RECEIPT_PARAM: receipt_token(referral)})}")


def masked(phone):
    """The phone number with all but its last two digits hidden: enough for the person to
    recognise it, not for the next user of a shared computer to read it from the receipt
    (its link works for a day)."""
    digits = sum(ch.isdigit() for ch in phone)
    shown, out = 0, []
    for ch in reversed(phone):
        if ch.isdigit():
            shown += 1
            out.append(ch if shown <= 2 else "•")
        else:
            out.append(ch)
    return "".join(reversed(out)) if digits else phone


def _confirmation(page, request):
    try:
        pk = signing.loads(request.GET[RECEIPT_PARAM], salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
        referral = Referral.objects.select_related("network").get(pk=pk)
    except (signing.BadSignature, Referral.DoesNotExist, TypeError, ValueError):
        referral = None
    # A call-me referral's receipt says on which number we call (left to right in a
    # right-to-left sentence too) and by when.
    call_back = referral is not None and referral.source == ReferralSource.SHORT
    context = page.get_context(request)
    context.update(
        {
            "referral": referral,
            "deadline": deadline_of(referral) if referral else None,
            "call_back": call_back,
            "call_back_phone": (
                format_html(
                    '<strong id="call-back-phone" dir="ltr">{}</strong>', masked(referral.phone)
                )
                if call_back
                else ""
            ),
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
