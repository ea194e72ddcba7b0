"""Security headers: a strict Content Security Policy on public pages (scripts and styles
only from this site, no inline code, so a page is the same for every visitor and can be
cached whole), a relaxed one where the Wagtail admin needs inline scripts and styles, and
Permissions-Policy."""

from urllib.parse import urlsplit

from django.conf import settings


def _tile_origin():
    parts = urlsplit(settings.MAP_TILES_URL.replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def public_policy():
    tiles = _tile_origin()
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src 'self' data: {tiles}".strip(),
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def admin_policy():
    tiles = _tile_origin()
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {tiles}".strip(),
            "connect-src 'self'",
            "font-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


PERMISSIONS_POLICY = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(("/admin/", "/documents/"))
            response["Content-Security-Policy"] = admin_policy() if admin else public_policy()
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
