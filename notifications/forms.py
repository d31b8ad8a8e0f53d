from django import forms

from .models import EMAIL_KINDS, Channel, Kind


class PreferencesForm(forms.Form):
    """One choice per kind of email: instantly, in the daily digest, or off."""

    def __init__(self, *args, initial_channels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in EMAIL_KINDS:
            self.fields[kind] = forms.ChoiceField(
                label=Kind(kind).label,
                choices=Channel.choices,
                initial=initial_channels[kind],
                widget=forms.RadioSelect,
            )
