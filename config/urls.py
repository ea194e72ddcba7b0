from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.views import healthz, openapi, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/v1/openapi.json", openapi, name="openapi"),
    path("api/v1/", include("directory.api_urls")),
    path("api/v1/", include("networks.api_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("core.urls")),
    path("", include("partners.urls")),
    path("", include("figures.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages in Swedish at /, in the other languages at /en/, /ar/, /fa/, /so/, /ti/, /uk/.
urlpatterns += i18n_patterns(
    path("", include("directory.urls")),
    path("", include("core.page_routes")),
    prefix_default_language=False,
)

# A lost database connection answers 503 "please try again" at every stage of a request,
# also where Django would answer 500 or, for a session it could not save, 400.
handler400 = "core.unavailable.bad_request"
handler500 = "core.unavailable.server_error"
