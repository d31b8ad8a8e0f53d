from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import set_language

from . import search, views

admin.site.site_header = _("Helix administration")
admin.site.site_title = _("Helix")
admin.site.index_title = _("Government staff desk")

urlpatterns = [
    path("", views.home, name="home"),
    path("manifest.webmanifest", views.webmanifest, name="webmanifest"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz/", views.healthz, name="healthz"),
    path("readyz/", views.readyz, name="readyz"),
    path("language/", set_language, name="set_language"),
    path("search/", search.search, name="search"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("helix.my_helix")),
    path("me/privacy/", include("privacy.urls")),
    path("organisations/<slug:slug>/webhooks/", include("webhooks.urls")),
    path("organisations/", include("organisations.urls")),
    path("organisations/<slug:slug>/api-keys/", include("api.site_urls")),
    path("projects/", include("projects.urls")),
    path("matchmaking/", include("matchmaking.urls")),
    path("insights/", include("insights.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("notifications/", include("notifications.urls")),
    path("open-data/", include("opendata.urls")),
    path("api/", include("helix.api_urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Branded, translated error pages (templates/400.html…500.html); under /api/ the API's error
# shape instead, and for a server error an id also written to the log.
handler400 = "api.views.bad_request"
handler403 = "api.views.permission_denied"
handler404 = "api.views.page_not_found"
handler500 = "api.views.server_error"
