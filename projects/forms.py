from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.forms import PlainTagField
from core.text import PlainTextFieldsMixin
from organisations.models import Organisation, Sector

from .models import Comment, ConsortiumPartner, Project, Report, Solution

SEEKS_FIELDS = {sector: f"seeks_{sector}" for sector in Sector.values}


class OrganisationChoiceField(forms.ModelChoiceField):
    """An organisation of the person's, its label saying what being unverified means here."""

    def __init__(self, *args, unverified_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.unverified_label = unverified_label

    def label_from_instance(self, organisation: Organisation) -> str:
        if organisation.is_verified:
            return organisation.name
        return self.unverified_label % {"name": organisation.name}


def organisations_of(user):
    return Organisation.objects.filter(memberships__user=user).order_by("name")


# What the file chooser offers; the server checks the content (core.uploads).
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"


class ProjectForm(PlainTextFieldsMixin, forms.ModelForm):
    """Edit a project. The four “seeks” booleans are one group of checkboxes."""

    plain_text_fields = ("title", "tags", "cover_alt")

    tags = PlainTagField(label=_("Tags"), required=False, model=Project)
    sectors_sought = forms.MultipleChoiceField(
        label=_("Partners sought"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The sectors you want solutions and partners from."),
    )

    field_order = [
        "kind",
        "title",
        "summary",
        "description",
        "theme",
        "district",
        "sectors_sought",
        "tags",
        "budget_vnd",
        "deadline",
        "cover",
        "cover_alt",
    ]

    class Meta:
        model = Project
        fields = [
            "kind",
            "title",
            "summary",
            "description",
            "theme",
            "district",
            "tags",
            "budget_vnd",
            "deadline",
            "cover",
            "cover_alt",
        ]
        widgets = {
            "cover": forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 12}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "budget_vnd": forms.NumberInput(attrs={"min": 0, "step": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("sectors_sought", self.instance.sectors_sought)

    def clean(self):
        cleaned = super().clean()
        sought = cleaned.pop("sectors_sought", [])
        for sector, field in SEEKS_FIELDS.items():
            cleaned[field] = sector in sought
        return cleaned


class ProjectCreateForm(ProjectForm):
    organisation = OrganisationChoiceField(
        # Publishing a project needs a verified organisation (projects.services).
        unverified_label=_("%(name)s (not yet verified: drafts only)"),
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The project belongs to this organisation. Only verified ones can publish."),
    )

    field_order = ["organisation", *ProjectForm.field_order]

    class Meta(ProjectForm.Meta):
        fields = ["organisation", *ProjectForm.Meta.fields]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_of(user)


class SolutionForm(PlainTextFieldsMixin, forms.ModelForm):
    MAX_DURATION_MONTHS = 240
    plain_text_fields = ("title", "partner_role")

    class Meta:
        model = Solution
        fields = ["title", "summary", "description", "estimated_cost_vnd", "duration_months"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 12}),
            "estimated_cost_vnd": forms.NumberInput(attrs={"min": 0, "step": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The database allows up to 32767 months (none at all on SQLite); 20 years is plenty.
        duration = self.fields["duration_months"]
        duration.validators += [MinValueValidator(1), MaxValueValidator(self.MAX_DURATION_MONTHS)]
        duration.widget.attrs.update(min=1, max=self.MAX_DURATION_MONTHS)


class SolutionProposeForm(SolutionForm):
    """A solution, its lead, and the partners to invite (one role text for all of them)."""

    lead_organisation = OrganisationChoiceField(
        # Only a verified organisation leads a solution (projects.services.solution_propose);
        # the person's others are listed so that they see why (docs/decisions.md).
        unverified_label=_("%(name)s (not yet verified: cannot lead a solution yet)"),
        label=_("Propose on behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Myself, as an individual"),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners to invite"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
        help_text=_(
            "Verified organisations only. Each one's managers accept or decline; a partner "
            "shows on the solution once it accepts."
        ),
    )
    partner_role = forms.CharField(
        label=_("Role of the partners"),
        max_length=ConsortiumPartner._meta.get_field("role").max_length,
        required=False,
        help_text=_("e.g. research partner, pilot site, co-funder"),
    )

    class Meta(SolutionForm.Meta):
        fields = ["lead_organisation", *SolutionForm.Meta.fields]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = organisations_of(user)
        self.fields["lead_organisation"].help_text = _(
            "Verified organisations only; until yours is verified, propose as yourself."
        )
        self.fields["partners"].queryset = Organisation.objects.verified().order_by("name")

    def clean_lead_organisation(self):
        lead = self.cleaned_data["lead_organisation"]
        if lead is not None and not lead.is_verified:
            raise forms.ValidationError(
                _(
                    "%(name)s is not verified yet: it can lead a solution once government "
                    "staff verify it. Meanwhile, propose as yourself."
                )
                % {"name": lead.name}
            )
        return lead

    def clean(self):
        cleaned = super().clean()
        partners = cleaned.get("partners") or []
        lead = cleaned.get("lead_organisation")
        if lead is not None and lead in partners:
            self.add_error("partners", _("The lead organisation cannot also be its own partner."))
        if partners and not cleaned.get("partner_role", "").strip():
            self.add_error("partner_role", _("Say what the partners will do."))
        return cleaned

    def partner_roles(self) -> list[tuple[Organisation, str]]:
        role = self.cleaned_data["partner_role"].strip()
        return [(organisation, role) for organisation in self.cleaned_data["partners"]]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=Comment._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown: **bold**, lists, links."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"), max_length=Report._meta.get_field("reason").max_length
    )


class PreviewForm(forms.Form):
    """The text of a description textarea, posted by its “Preview” button."""

    description = forms.CharField(
        max_length=Project._meta.get_field("description").max_length, required=False
    )
