from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.models import ApiKey
from organisations.selectors import memberships_of

from .serializers import MeSerializer


class MeView(APIView):
    """The calling user: who they are and the organisations they act for."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The calling user", responses={200: MeSerializer})
    def get(self, request):
        user = request.user
        user.memberships_list = list(memberships_of(user).order_by("created", "pk"))
        user.api_key = request.auth if isinstance(request.auth, ApiKey) else None
        data = MeSerializer(user).data
        return Response(data)
