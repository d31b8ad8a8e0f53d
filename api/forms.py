from django import forms

from .models import ApiKey


class ApiKeyForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["name", "scope"]
        widgets = {"scope": forms.RadioSelect}
