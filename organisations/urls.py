from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_create, name="create"),
    path("invitations/id/<int:pk>/", views.invitation_by_id, name="invitation_by_id"),
    path("invitations/<str:token>/", views.invitation_by_token, name="invitation"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/edit/", views.organisation_edit, name="edit"),
    path("<slug:slug>/members/", views.organisation_members, name="members"),
    path("<slug:slug>/join/", views.membership_request_create, name="request"),
    path("<slug:slug>/leave/", views.membership_leave, name="leave"),
    path(
        "<slug:slug>/requests/<int:pk>/approve/",
        views.membership_request_decide,
        {"decision": "approve"},
        name="request_approve",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/decline/",
        views.membership_request_decide,
        {"decision": "decline"},
        name="request_decline",
    ),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<slug:slug>/members/<int:pk>/role/", views.membership_change_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove/", views.membership_remove, name="member_remove"),
]
