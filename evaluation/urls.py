from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("<slug:slug>/", views.manage, name="manage"),
    path("<slug:slug>/review/", views.review, name="review"),
]
