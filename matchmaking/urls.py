from django.urls import path

from . import views

app_name = "matchmaking"

# Under /matchmaking/
urlpatterns = [
    path("offers/", views.offer_directory, name="offers"),
    path("organisations/<slug:slug>/capabilities/", views.capabilities_edit, name="capabilities"),
    path("organisations/<slug:slug>/projects/", views.projects_for_organisation, name="projects"),
    path("resources/<int:pk>/edit/", views.resource_edit, name="resource_edit"),
    path("resources/<int:pk>/delete/", views.resource_remove, name="resource_delete"),
    path("projects/<slug:slug>/needs/", views.needs_edit, name="needs"),
    path(
        "projects/<slug:slug>/organisations/",
        views.organisations_for_project,
        name="organisations",
    ),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/delete/", views.need_remove, name="need_delete"),
    path("projects/<slug:slug>/invite/", views.invite, name="invite"),
    path("projects/<slug:slug>/interest/", views.express_interest, name="interest"),
    path("inbox/", views.approach_inbox, name="inbox"),
    path("approaches/<int:pk>/", views.approach_detail, name="approach"),
    path("approaches/<int:pk>/answer/", views.approach_answer, name="approach_answer"),
    path("approaches/<int:pk>/withdraw/", views.approach_withdraw, name="approach_withdraw"),
]
