from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import PlainTextFieldsMixin

from .models import User


class SignupForm(PlainTextFieldsMixin, forms.Form):
    """Extra fields on allauth's signup form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    plain_text_fields = ("display_name",)

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown next to your comments and votes, e.g. “Nguyễn Thị Lan”."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter the name others will see."))
        return name

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ProfileForm(PlainTextFieldsMixin, forms.ModelForm):
    plain_text_fields = ("display_name",)

    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter the name others will see."))
        return name
