from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("data/", views.data_export_request, name="request"),
    path("data/<uuid:pk>/", views.data_export_download, name="download"),
    path("delete/", views.account_delete, name="delete"),
]
