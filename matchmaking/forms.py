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


class InvitationForm(forms.Form):
    """A project's team invites an organisation to propose a solution."""

    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this organisation, and what you hope it proposes."),
    )


class InterestForm(forms.Form):
    """An organisation's member tells a project it is interested, optionally pledging an offer."""

    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What your organisation could bring to the project."),
    )
    pledge = forms.ModelChoiceField(
        label=_("Pledge one of your offers"),
        queryset=Resource.objects.none(),
        required=False,
        empty_label=_("No pledge"),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledge"].queryset = organisation.resources.filter(
            direction=Resource.Direction.OFFER, is_open=True
        ).order_by("title", "id")


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Message with your answer (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
