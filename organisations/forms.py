from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PlainTagField, WebsiteField
from core.text import PlainTextFieldsMixin

from .models import MembershipRequest, Organisation, Role


class OrganisationForm(PlainTextFieldsMixin, forms.ModelForm):
    plain_text_fields = ("name", "website", "expertise", "logo_alt")
    website = WebsiteField(label=_("Website"), required=False, max_length=200)
    expertise = PlainTagField(
        label=_("Expertise"),
        required=False,
        help_text=Organisation._meta.get_field("expertise").help_text,
        model=Organisation,
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "sector",
            "district",
            "description",
            "website",
            "logo",
            "logo_alt",
            "expertise",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            # What the file chooser offers; the server checks the content (core.uploads).
            "logo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter the organisation's name."))
        return name


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)

    def __init__(self, *args, grantable: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [c for c in Role.choices if c[0] in grantable]


class MembershipRequestForm(forms.ModelForm):
    class Meta:
        model = MembershipRequest
        fields = ["message"]
        labels = {"message": _("Message to the organisation (optional)")}
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
