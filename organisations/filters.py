import django_filters
from django.db.models import Q, Value
from django.utils.translation import gettext_lazy as _

from core.choices import District
from core.folding import Fold

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
        """Every word in the name, the description or an expertise tag, whatever the diacritics
        on either side ("Thu Dau Mot" finds "Thủ Dầu Một"; `core.folding`)."""
        matches = Q()
        for word in value.split():
            folded = Fold(Value(word))
            tagged = Organisation.objects.alias(tag_folded=Fold("expertise__name")).filter(
                tag_folded__contains=folded
            )
            matches &= (
                Q(name_folded__contains=folded)
                | Q(description_folded__contains=folded)
                | Q(pk__in=tagged.values("pk"))
            )
        return queryset.alias(
            name_folded=Fold("name"), description_folded=Fold("description")
        ).filter(matches)

    def filter_verified(self, queryset, name, value):
        return queryset.filter(verified_at__isnull=(value == "no"))
