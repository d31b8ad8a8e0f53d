from django import forms
from django.utils.translation import gettext_lazy as _

from core.choices import District
from organisations.models import Sector

from .models import ProjectNeed, Resource, ResourceKind


class CapabilityProfileForm(forms.Form):
    sectors = forms.MultipleChoiceField(
        label=_("Sectors you want to work with"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ResourceForm(forms.ModelForm):
    districts = forms.MultipleChoiceField(
        label=_("Districts covered"),
        choices=District.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Resource
        fields = [
            "direction",
            "kind",
            "title",
            "description",
            "conditions",
            "value_vnd",
            "is_open",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["districts"] = self.instance.district_codes

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Please enter a title."))
        return title


class ProjectNeedForm(forms.ModelForm):
    class Meta:
        model = ProjectNeed
        fields = ["kind", "title", "description", "is_open"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Please enter a title."))
        return title


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *ResourceKind.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.choices]
    )
    district = forms.ChoiceField(
        label=_("District"),
        required=False,
        choices=[("", _("Any district")), *District.choices],
    )


class SectorFilterForm(forms.Form):
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.choices]
    )
