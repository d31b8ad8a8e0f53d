from django import forms

from core.text import PlainTextFieldsMixin

from .models import ApiKey


class ApiKeyForm(PlainTextFieldsMixin, forms.ModelForm):
    plain_text_fields = ("name",)

    class Meta:
        model = ApiKey
        fields = ["name", "scope"]
        widgets = {"scope": forms.RadioSelect}
