from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from accounts.views import set_language

from . import views

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

# Uploads are served by the web server in production; by Django only where HELIX_SERVE_MEDIA
# says so (development, the browser tests), which the view reads on each request.
urlpatterns += [
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", views.media, name="media")
]

# Under /api/ a server error answers the API's error shape, with an id also written to the log.
handler500 = "api.views.server_error"
