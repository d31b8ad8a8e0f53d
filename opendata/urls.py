from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.open_data, name="index"),
    path("datapackage.json", views.data_package, name="datapackage"),
    path("helix-<slug:dataset>.<str:fmt>", views.download, name="file"),
]
