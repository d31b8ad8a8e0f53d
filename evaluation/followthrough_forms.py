from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import PlainTextFieldsMixin
from projects.models import Solution

from .models import Milestone, ProjectResults, ProjectUpdate


class MilestoneForm(PlainTextFieldsMixin, forms.ModelForm):
    plain_text_fields = ("title",)

    class Meta:
        model = Milestone
        fields = ["title", "description", "due_on", "status", "progress"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 2}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }


class MilestoneProgressForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["status", "progress"]
        widgets = {"progress": forms.NumberInput(attrs={"min": 0, "max": 100})}


class UpdateForm(PlainTextFieldsMixin, forms.ModelForm):
    plain_text_fields = ("title", "image_alt")
    # A plain FileField: the service reads the content with Pillow and re-encodes it.
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 5 MB; its metadata (place, camera) is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    class Meta:
        model = ProjectUpdate
        fields = ["title", "body", "image", "image_alt"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"body": _("Markdown: **bold**, lists, links.")}


class UpdateEditForm(PlainTextFieldsMixin, forms.ModelForm):
    """A posted update's text corrected; its image stays, its description may change."""

    plain_text_fields = ("title", "image_alt")

    class Meta:
        model = ProjectUpdate
        fields = ["title", "body", "image_alt"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"body": _("Markdown: **bold**, lists, links.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.image:
            del self.fields["image_alt"]


class ResultsForm(forms.ModelForm):
    solutions = forms.ModelMultipleChoiceField(
        label=_("Solutions carried out"),
        queryset=Solution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProjectResults
        fields = ["delivered", "budget_used_vnd", "solutions", "lessons"]
        widgets = {
            "delivered": forms.Textarea(attrs={"rows": 4}),
            "lessons": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, solutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solutions"].queryset = solutions
