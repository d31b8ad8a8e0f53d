"""The caller's own notifications: list (cursor pages, `unread` filter), mark read, mark all."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.idempotency import IdempotentPostMixin
from notifications import selectors, services
from notifications.models import Notification

from .serializers import NotificationSerializer, ReadAllSerializer


class NotificationFilter(django_filters.FilterSet):
    # A choice, not a BooleanFilter: that one ignores values it does not know ("maybe").
    unread = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_unread",
        label="true: only unread ones; false: only read ones.",
    )

    class Meta:
        model = Notification
        fields = ["unread"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "true")


@extend_schema_view(
    list=extend_schema(
        summary="The caller's notifications",
        description="Newest first. `unread=true` for the unread ones only.",
    ),
)
class NotificationViewSet(IdempotentPostMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = NotificationFilter
    lookup_value_regex = "[0-9]{1,18}"
    orderings = {"created": "created"}
    default_ordering = "-created"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Notification.objects.none()
        return selectors.notifications_of(self.request.user)

    @extend_schema(
        summary="Mark one notification read",
        description="Only the caller's own; anyone else's is a 404.",
        request=None,
        responses={200: NotificationSerializer},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        services.notification_mark_read(notification=notification, by=request.user)
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        summary="Mark all the caller's notifications read",
        request=None,
        responses={200: ReadAllSerializer},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        marked = services.notification_mark_all_read(by=request.user)
        return Response(ReadAllSerializer({"marked": marked}).data)
