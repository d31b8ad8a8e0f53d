from django.urls import path

from . import attachment_views, followthrough_views, views

app_name = "evaluation"

urlpatterns = [
    path("files/<int:pk>/", attachment_views.attachment_download, name="attachment"),
    path("<slug:slug>/documents/", attachment_views.project_documents, name="project_documents"),
    path(
        "<slug:slug>/solutions/<int:pk>/documents/",
        attachment_views.solution_documents,
        name="solution_documents",
    ),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("<slug:slug>/", views.manage, name="manage"),
    path("<slug:slug>/review/", views.review, name="review"),
    path(
        "<slug:slug>/follow-through/",
        followthrough_views.followthrough_manage,
        name="followthrough",
    ),
]
