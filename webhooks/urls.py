from django.urls import path

from . import views

app_name = "webhooks"

# Under /organisations/<slug>/webhooks/
urlpatterns = [
    path("", views.endpoint_list, name="list"),
    path("<int:pk>/", views.endpoint_detail, name="detail"),
    path("<int:pk>/edit/", views.endpoint_edit, name="edit"),
    path("<int:pk>/secret/", views.endpoint_secret, name="secret"),
    path("<int:pk>/active/", views.endpoint_toggle, name="toggle"),
    path("<int:pk>/ping/", views.endpoint_ping, name="ping"),
    path("<int:pk>/delete/", views.endpoint_delete, name="delete"),
    path(
        "<int:pk>/deliveries/<int:delivery_pk>/redeliver/",
        views.delivery_redeliver,
        name="redeliver",
    ),
]
