from django.urls import path

from . import site_views

app_name = "api_keys"

urlpatterns = [
    path("", site_views.api_key_list, name="list"),
    path("<int:pk>/revoke/", site_views.api_key_revoke, name="revoke"),
]
