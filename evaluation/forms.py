from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import PlainTextFieldsMixin
from projects.models import Solution

from .models import Criterion, Declaration, Rubric


class RubricForm(forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["closes_on", "blind", "normalise"]
        widgets = {"closes_on": forms.DateInput(attrs={"type": "date"})}


class CopyRubricForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy the rubric of"), queryset=Rubric.objects.none(), empty_label=None
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["source"].label_from_instance = lambda rubric: rubric.project.title


class CriterionForm(PlainTextFieldsMixin, forms.ModelForm):
    plain_text_fields = ("title",)

    class Meta:
        model = Criterion
        fields = ["title", "description", "weight", "scale"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Reviewer's email address"),
        help_text=_("Anyone, of any organisation or none: they sign up with this address."),
    )


class AssignmentsForm(forms.Form):
    solutions = forms.ModelMultipleChoiceField(
        label=_("Solutions to review"),
        queryset=Solution.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, solutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solutions"].queryset = solutions


class DeclarationForm(forms.Form):
    relationship = forms.ChoiceField(
        label=_("Your relationship with this solution's lead or partners"),
        choices=Declaration.Relationship.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required if you declare a relationship: the team reads it to decide."),
    )


class ScoreForm(forms.Form):
    """One score and comment per criterion, built from the rubric."""

    def __init__(self, *args, criteria, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            existing = scores.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.title,
                help_text=criterion.description,
                choices=[("", "—")] + [(n, str(n)) for n in range(1, criterion.scale + 1)],
                coerce=int,
                empty_value=None,
                required=False,
                initial=existing.value if existing else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.title},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.comment if existing else "",
            )

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {c.pk: (data[f"score_{c.pk}"], data[f"comment_{c.pk}"]) for c in self.criteria}


class DecisionForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Solution.Status.SHORTLISTED, _("Shortlist")),
            (Solution.Status.SELECTED, _("Select")),
            (Solution.Status.NOT_SELECTED, _("Do not select")),
        ],
    )
    rationale = forms.CharField(
        label=_("Rationale (published with the results)"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
