from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from api.conditional import ConditionalRetrieveMixin
from organisations.filters import OrganisationFilter
from organisations.models import Organisation

from .serializers import OrganisationSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List organisations",
        description="The public directory, filtered as on the site: words (`q`) in the name, "
        "description or expertise, whatever their diacritics (`Thu Dau Mot` finds `Thủ Dầu Một`); "
        "sector; district; verification.",
    ),
    retrieve=extend_schema(summary="One organisation"),
)
class OrganisationViewSet(ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """The directory of organisations: public."""

    queryset = Organisation.objects.with_listing_data()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    orderings = {"name": "name", "created": "created"}
    default_ordering = "name"
