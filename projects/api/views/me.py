"""The caller's own supports and follows over HTTP (`/me/...`)."""

from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from projects.models import Follow, Vote

from .. import schema
from ..serializers import (
    MyFollowSerializer,
    MySupportSerializer,
)


class CallersOwnViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own rows of `model` (supports, follows), newest first."""

    permission_classes = [IsAuthenticated]
    orderings = {"created": "created"}
    default_ordering = "-created"
    model: type[Vote | Follow]
    related: tuple[str, ...]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.model.objects.filter(user=self.request.user).select_related(*self.related)


@schema.MY_SUPPORT
class MySupportViewSet(CallersOwnViewSet):
    serializer_class = MySupportSerializer
    model = Vote
    related = ("project", "solution__project")


@schema.MY_FOLLOW
class MyFollowViewSet(CallersOwnViewSet):
    serializer_class = MyFollowSerializer
    model = Follow
    related = ("project",)
