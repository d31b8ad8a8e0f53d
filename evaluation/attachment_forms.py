"""The forms of documents and cost breakdowns (the checks themselves are in the services)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.uploads import DOCUMENTS

from .models import Visibility

ACCEPT = ",".join(
    sorted({f".{kind.extension}" for kind in DOCUMENTS} | {".jpeg"})
)  # a hint for the browser's file picker; the server reads the content


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Document"))
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ACCEPT
        self.fields["file"].help_text = _(
            "PDF, images (JPEG, PNG, WebP) or office documents (Word, Excel, PowerPoint, "
            "OpenDocument), at most %(limit)s. Photos are stored without their metadata "
            "(location, camera)."
        ) % {"limit": filesizeformat(settings.HELIX_ATTACHMENT_MAX_BYTES)}


class CostBreakdownForm(forms.Form):
    text = forms.CharField(
        label=_("Cost breakdown"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        required=False,
        help_text=_("One line per item and its amount. Leave empty to remove it."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Visibility.choices,
        initial=Visibility.CONSORTIUM,
        widget=forms.RadioSelect,
    )
