from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import WebsiteField
from core.text import PlainTextFieldsMixin

from .models import URL_MAX_LENGTH, Event, WebhookEndpoint


class EventsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Events"))
        kwargs.setdefault("help_text", _("The events sent to this address."))
        super().__init__(choices=Event.choices, **kwargs)


class WebhookEndpointForm(PlainTextFieldsMixin, forms.Form):
    """The site's form; the URL is checked again (and resolved) by the model when saved."""

    plain_text_fields = ("url",)

    url = WebsiteField(
        label=_("URL"),
        max_length=URL_MAX_LENGTH,
        help_text=WebhookEndpoint._meta.get_field("url").help_text,
    )
    events = EventsField(initial=Event.values)


class WebhookEndpointAdminForm(PlainTextFieldsMixin, forms.ModelForm):
    plain_text_fields = ("url",)
    url = WebsiteField(label=_("URL"), max_length=URL_MAX_LENGTH)
    events = EventsField()

    class Meta:
        model = WebhookEndpoint
        fields = ["organisation", "url", "events", "is_active"]
