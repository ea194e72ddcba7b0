"""GET /api/v1/route/: which network a place goes to, as JSON (a thin view on routing).

The parameters mean what they mean in the referral form: a postal code the table does not
know is a 400 on its own (or with only lat/lon); with a municipality it is set aside, the
other rules decide (without lat/lon: the municipality, rule "municipality") and the
explanation says that the postal code was not recognised."""

from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from core import languages
from core.throttle import DEFAULT_LIMITS, rate_limited
from networks.routing import RoutingError, route

# Enough for the referral form's live preview while someone types; not for scraping
# (core.throttle.DEFAULT_LIMITS; RATE_LIMITS may change it).
REQUESTS_PER_MINUTE = DEFAULT_LIMITS["route-api"][0]


def _json(data, status, language):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


@require_GET
@rate_limited("route-api")
def route_view(request):
    language = languages.of_api_request(request)
    params = request.GET
    try:
        decision = route(
            lat=params.get("lat"),
            lon=params.get("lon"),
            postal_code=params.get("postal_code"),
            municipality_code=params.get("municipality"),
        )
    except RoutingError as error:
        with translation.override(language):
            message = str(error)
        return _json({"error": message, "parameter": error.parameter}, 400, language)
    network, municipality = decision.network, decision.municipality
    data = {
        "network": {"slug": network.slug, "name": network.name},
        "municipality": (
            {"code": municipality.code, "name": municipality.name} if municipality else None
        ),
        "rule": decision.rule,
        "distance_km": decision.distance_km,
        "handed_over_from": (
            {"slug": decision.handed_over_from.slug, "name": decision.handed_over_from.name}
            if decision.handed_over_from
            else None
        ),
        "explanation": decision.explanation_in(language),
    }
    return _json(data, 200, language)
