from django.urls import path

from . import followthrough_views, views

app_name = "evaluation"

urlpatterns = [
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("<slug:slug>/", views.manage, name="manage"),
    path("<slug:slug>/review/", views.review, name="review"),
    path(
        "<slug:slug>/follow-through/",
        followthrough_views.followthrough_manage,
        name="followthrough",
    ),
]
