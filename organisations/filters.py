import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.choices import District

from .models import Organisation, Sector


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Sector.choices, empty_label=_("All sectors")
    )
    district = django_filters.ChoiceFilter(
        label=_("District"), choices=District.choices, empty_label=_("All districts")
    )
    verified = django_filters.ChoiceFilter(
        label=_("Verification"),
        choices=[("yes", _("Verified")), ("no", _("Not yet verified"))],
        empty_label=_("All"),
        method="filter_verified",
    )

    class Meta:
        model = Organisation
        fields = ["q", "sector", "district", "verified"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(description__icontains=value)
            | Q(expertise__name__icontains=value)
        ).distinct()

    def filter_verified(self, queryset, name, value):
        return queryset.filter(verified_at__isnull=(value == "no"))
