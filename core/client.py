"""The client's address, as far as the proxies in front can be trusted."""

from django.conf import settings


def client_ip(request):
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies that each append the
    address they saw to X-Forwarded-For, the client is that many entries from the end;
    anything further left could be forged by the client and is ignored."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
