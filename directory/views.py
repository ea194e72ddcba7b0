"""Context for the directory page: a DirectorySearch over the GET parameters, the page of
results, and the links around it. The page model's get_context calls this."""

from django.urls import reverse
from wagtail.models import Page

from directory.search import DirectorySearch


def referral_page():
    from networks.models import ReferralPage

    return Page.objects.live().type(ReferralPage).first()


def directory_context(request):
    search = DirectorySearch(request.GET)
    page_obj, hits = search.paginate(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    filters = params.urlencode()
    return {
        "search": search,
        "form": search.filterset.form,
        "page_obj": page_obj,
        "hits": hits,
        "referral_page": referral_page(),
        "geojson_url": reverse("directory:support-points-geojson") + "?" + filters,
        "searched": bool(search.filterset.active_filters() or search.location),
    }
