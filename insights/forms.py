from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import District
from organisations.models import Sector
from projects.models import Theme

LAST_12 = "12m"
FIRST_YEAR = 2024


def period_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [("", _("All time")), (LAST_12, _("The last 12 months"))] + [
        (str(year), str(year)) for year in range(this_year, FIRST_YEAR - 1, -1)
    ]


class InsightsFilterForm(forms.Form):
    """The dashboard's filters, read from the query string (a link shows the same view)."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    sector = forms.ChoiceField(label=_("Sector involved"), required=False)
    period = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["theme"].choices = every + list(Theme.choices)
        self.fields["district"].choices = every + list(District.choices)
        self.fields["sector"].choices = every + list(Sector.choices)
        self.fields["period"].choices = period_choices()

    def months(self) -> tuple[date | None, date | None]:
        """The first and last month of the period (None: unbounded)."""
        period = self.cleaned_data.get("period") if self.is_valid() else ""
        if not period:
            return None, None
        today = timezone.localdate()
        if period == LAST_12:
            year, month = (
                (today.year, today.month - 11)
                if today.month > 11
                else (
                    today.year - 1,
                    today.month + 1,
                )
            )
            return date(year, month, 1), date(today.year, today.month, 1)
        year = int(period)
        return date(year, 1, 1), date(year, 12, 1)

    def value(self, name: str) -> str:
        return (self.cleaned_data.get(name) or "") if self.is_valid() else ""
