"""The page a reminder email links to: an organisation's listings, each confirmed as still
correct with one button, without logging in. Opening the link changes nothing (mail
scanners open links); only the button does."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from core.throttle import rate_limited
from directory.models import SupportPointPage
from partners import freshness, links


@never_cache
@rate_limited("partners-confirm", limit=30, window=60)
def confirm_by_link(request, token):
    try:
        organisation = links.organisation_for(token)
    except links.InvalidLink:
        return TemplateResponse(request, "partners/link_invalid.html", status=400)
    if request.method == "POST":
        listings = SupportPointPage.originals.child_of(organisation)
        point = get_object_or_404(listings, pk=_int(request.POST.get("listing")))
        freshness.confirm(point)
        return redirect(reverse("partners:confirm", args=[token]) + f"?confirmed={point.pk}")
    confirmed = request.GET.get("confirmed", "")
    confirmed = int(confirmed) if confirmed.isdigit() else None
    return TemplateResponse(
        request,
        "partners/confirm.html",
        {
            "organisation": organisation,
            "listings": [
                {**row, "just_confirmed": row["point"].pk == confirmed}
                for row in freshness.listings_of(organisation)
                if row["point"].live
            ],
        },
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None
