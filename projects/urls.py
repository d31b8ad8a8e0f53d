from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("preview/", views.markdown_preview, name="preview"),
    path("partnerships/<int:pk>/", views.partnership_answer, name="partnership"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment_report"),
    path("<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:slug>/edit/", views.project_edit, name="edit"),
    path("<slug:slug>/move/", views.project_move, name="move"),
    path("<slug:slug>/support/", views.support, name="support"),
    path("<slug:slug>/follow/", views.follow, name="follow"),
    path("<slug:slug>/comment/", views.comment_create, name="comment"),
    path("<slug:slug>/propose/", views.solution_propose, name="propose"),
    path("<slug:slug>/solutions/<int:pk>/", views.solution_detail, name="solution"),
    path("<slug:slug>/solutions/<int:pk>/edit/", views.solution_edit, name="solution_edit"),
    path(
        "<slug:slug>/solutions/<int:pk>/withdraw/",
        views.solution_withdraw,
        name="solution_withdraw",
    ),
    path("<slug:slug>/solutions/<int:pk>/decide/", views.solution_decide, name="solution_decide"),
    path("<slug:slug>/solutions/<int:pk>/support/", views.support, name="solution_support"),
    path("<slug:slug>/solutions/<int:pk>/comment/", views.comment_create, name="solution_comment"),
    path("<slug:slug>/solutions/<int:pk>/report/", views.solution_report, name="solution_report"),
]
